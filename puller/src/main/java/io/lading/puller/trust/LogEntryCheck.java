package io.lading.puller.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorParseException;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.rekor.client.RekorVerifier;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * For keyed bundles: a transparency-log entry counts only if a Rekor of the trusted root signed it
 * (sigstore-java's {@link RekorVerifier}: inclusion proof and checkpoint, or the signed entry
 * timestamp) and its body records this bundle's signature, so an entry cannot be borrowed from
 * another signature.
 */
final class LogEntryCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RekorVerifier rekor;

    LogEntryCheck(RekorVerifier rekor) {
        this.rekor = rekor;
    }

    /** Empty when some entry is verified and records {@code signature}; else why none does. */
    Optional<String> violation(SigstoreBundle bundle, byte[] signature) {
        if (bundle.tlogEntries().isEmpty()) {
            return Optional.of("rule requires a transparency-log entry but the bundle has none");
        }
        String last = "";
        for (JsonNode entry : bundle.tlogEntries()) {
            try {
                RekorEntry rekorEntry = RekorEntry.fromTLogEntryJson(entry.toString());
                rekor.verifyEntry(rekorEntry);
                if (recordsSignature(JSON.readTree(SigstoreBundle.base64(entry.path("canonicalizedBody"))), signature)) {
                    return Optional.empty();
                }
                last = "transparency-log entry " + rekorEntry.getLogIndex() + " records another signature";
            } catch (RekorParseException | RekorVerificationException | IOException | RuntimeException e) {
                last = "transparency-log entry not verified: " + e.getMessage();
            }
        }
        return Optional.of(last);
    }

    private static boolean recordsSignature(JsonNode body, byte[] signature) {
        JsonNode spec = body.path("spec");
        return switch (body.path("kind").asText()) {
            case "hashedrekord" -> Arrays.equals(SigstoreBundle.base64(spec.path("signature").path("content")), signature);
            case "dsse" -> spec.path("signatures").valueStream()
                    .anyMatch(s -> Arrays.equals(SigstoreBundle.base64(s.path("signature")), signature));
            default -> false;
        };
    }
}
