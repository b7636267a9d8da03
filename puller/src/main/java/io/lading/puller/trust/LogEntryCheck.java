package io.lading.puller.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorParseException;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.rekor.client.RekorVerifier;
import java.io.IOException;
import java.util.Arrays;
import java.time.Instant;

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

    /** What checking the log entries proved: the integrated time of a verified entry, or why none counts. */
    sealed interface Result {
    }

    record Logged(Instant integratedTime) implements Result {
    }

    record NotLogged(String reason) implements Result {
    }

    /** Logged when some entry is verified and records {@code signature}; else why none does. */
    Result check(SigstoreBundle bundle, byte[] signature) {
        if (bundle.tlogEntries().isEmpty()) {
            return new NotLogged("rule requires a transparency-log entry but the bundle has none");
        }
        String last = "";
        for (JsonNode entry : bundle.tlogEntries()) {
            try {
                RekorEntry rekorEntry = RekorEntry.fromTLogEntryJson(entry.toString());
                rekor.verifyEntry(rekorEntry);
                if (recordsSignature(JSON.readTree(SigstoreBundle.base64(entry.path("canonicalizedBody"))), signature)) {
                    return new Logged(integratedTime(entry));
                }
                last = "transparency-log entry " + rekorEntry.getLogIndex() + " records another signature";
            } catch (RekorParseException | RekorVerificationException | IOException | RuntimeException e) {
                last = "transparency-log entry not verified: " + e.getMessage();
            }
        }
        return new NotLogged(last);
    }

    /** The time the log says it integrated the entry: trusted once the entry itself is verified. */
    static Instant integratedTime(JsonNode entry) {
        return Instant.ofEpochSecond(entry.path("integratedTime").asLong());
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
