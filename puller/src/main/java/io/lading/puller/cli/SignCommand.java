package io.lading.puller.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.client.ManifestPull;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.trust.BundleSigner;
import io.lading.puller.trust.RegistryBundles;
import io.lading.puller.trust.SigningKey;
import io.lading.puller.trust.TrustPolicyException;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.MediaTypes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lading sign --key <private.pem> <ref>}: like {@code cosign sign --key}, a keyed Sigstore bundle (DSSE,
 * in-toto statement naming the manifest digest) attached to the manifest as an OCI 1.1 referrer. The digest
 * signed is the one this command computed over the bytes it fetched, never a header.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign a model version with a private key and attach the Sigstore bundle as a referrer.")
public final class SignCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    RegistryOptions registry;

    @Option(names = "--key", required = true, paramLabel = "<private.pem>",
            description = "PKCS#8 PEM private key: ECDSA P-256, Ed25519 or RSA.")
    Path key;

    @Parameters(index = "0", paramLabel = "<repository>@<digest>|<repository>:<tag>")
    String target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelReference at = ModelReference.parse(target);
        SigningKey signingKey;
        try {
            signingKey = SigningKey.fromFile(key);
        } catch (TrustPolicyException e) {
            throw new CliFailure(e.getMessage());
        }
        RegistryClient client = registry.client();
        ManifestPull pull = client.manifest(at.repository(), at.reference());
        byte[] bundle = BundleSigner.sign(signingKey, at.repository(), pull.digest(), Instant.now());
        String mediaType = pull.mediaType() == null ? MediaTypes.OCI_MANIFEST : pull.mediaType();
        Digest referrer = new RegistryBundles(client).attach(at.repository(),
                Descriptor.of(mediaType, pull.digest(), pull.bytes().length), bundle);
        PrintWriter out = spec.commandLine().getOut();
        if (registry.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("repository", at.repository().value());
            json.put("digest", pull.digest().toString());
            json.put("referrer", referrer.toString());
            json.put("key", signingKey.publicKey().name());
            json.put("keyFingerprint", "sha256:" + signingKey.publicKey().fingerprint());
            out.println(JSON.writeValueAsString(json));
        } else {
            out.println(at.repository() + "@" + pull.digest() + " signed with key " + signingKey.publicKey().name()
                    + ", bundle attached as referrer " + referrer);
        }
        out.flush();
        return 0;
    }
}
