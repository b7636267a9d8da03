package io.lading.puller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.client.ManifestPull;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.trust.ManifestSubject;
import io.lading.puller.trust.ManifestVerifier;
import io.lading.puller.trust.RegistryBundles;
import io.lading.puller.trust.TrustOptions;
import io.lading.puller.trust.Verdict;
import io.lading.spec.name.Tag;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lading verify}: the puller's own signature check as a CI step. Exit 0 only when the policy
 * permits the version (a {@code warn} or {@code off} rule permits it unverified, and says so); otherwise
 * one line on stderr. See spec/trust-policy.md.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify the Sigstore signatures attached to a model version against a trust policy or keys.")
public final class VerifyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    RegistryOptions registry;

    @Mixin
    TrustOptions trust;

    @Parameters(index = "0", paramLabel = "<repository>@<digest>|<repository>:<tag>")
    String target;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelReference at = ModelReference.parse(target);
        ManifestVerifier verifier = trust.verifier(true).orElseThrow();
        RegistryClient client = registry.client();
        ManifestPull pull = client.manifest(at.repository(), at.reference());
        List<byte[]> bundles = new RegistryBundles(client).attachedTo(at.repository(), pull.digest());
        Optional<Tag> tag = at.reference() instanceof Tag t ? Optional.of(t) : Optional.empty();
        Verdict verdict = verifier.verify(at.repository(), tag, new ManifestSubject(pull.bytes(), pull.digest()), bundles);
        String line = at.repository() + "@" + pull.digest() + " " + verdict.summary();
        print(registry.json ? json(at, pull, verdict, bundles.size()) : line);
        if (!verdict.permitsActivation()) {
            throw new CliFailure(line);
        }
        return 0;
    }

    private String json(ModelReference at, ManifestPull pull, Verdict verdict, int bundles) throws JsonProcessingException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("repository", at.repository().value());
        out.put("reference", at.reference().toString());
        out.put("digest", pull.digest().toString());
        out.put("bundles", bundles);
        switch (verdict) {
            case Verdict.Accepted a -> {
                out.put("verdict", "accepted");
                out.put("rule", a.rule());
                out.put("signer", Map.of("kind", a.signer().kind(), "who", a.signer().who(), "issuer", a.signer().issuer()));
                a.signedAt().ifPresent(time -> out.put("signedAt", time.toString()));
            }
            case Verdict.Rejected r -> {
                out.put("verdict", "rejected");
                out.put("rule", r.rule());
                out.put("reason", r.reason());
            }
            case Verdict.Waived w -> {
                out.put("verdict", "waived");
                out.put("rule", w.rule());
                out.put("mode", w.mode().id());
                out.put("reason", w.reason());
            }
        }
        return JSON.writeValueAsString(out);
    }

    private void print(String text) {
        spec.commandLine().getOut().println(text);
        spec.commandLine().getOut().flush();
    }
}
