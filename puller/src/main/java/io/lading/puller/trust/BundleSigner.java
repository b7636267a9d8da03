package io.lading.puller.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;

/**
 * Makes the keyed Sigstore bundle {@code lading sign} attaches, in the cosign v3 shape: a DSSE envelope over
 * an in-toto statement whose subject is the manifest digest, with a public-key hint (the key's SHA-256
 * fingerprint, never trusted by a verifier) and no transparency-log entry. The statement also records when
 * it was signed, the only signing time a bundle without a log can prove (see spec/trust-policy.md).
 */
public final class BundleSigner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleSigner() {
    }

    public static byte[] sign(SigningKey key, RepositoryName repository, Digest manifest, Instant signedAt) {
        byte[] statement = InTotoStatement.forManifest(repository.value(), manifest.hex(), signedAt);
        byte[] signature = key.sign(InTotoStatement.pae(InTotoStatement.PAYLOAD_TYPE, statement));
        ObjectNode bundle = JSON.createObjectNode().put("mediaType", MediaTypes.SIGSTORE_BUNDLE);
        ObjectNode material = bundle.putObject("verificationMaterial");
        material.putObject("publicKey").put("hint", key.publicKey().fingerprint());
        material.putArray("tlogEntries");
        ObjectNode envelope = bundle.putObject("dsseEnvelope");
        envelope.put("payload", Base64.getEncoder().encodeToString(statement));
        envelope.put("payloadType", InTotoStatement.PAYLOAD_TYPE);
        envelope.putArray("signatures").addObject().put("sig", Base64.getEncoder().encodeToString(signature))
                .put("keyid", "");
        try {
            return JSON.writeValueAsBytes(bundle);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a Sigstore bundle", e);
        }
    }
}
