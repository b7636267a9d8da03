package io.lading.puller.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The in-toto statement inside a DSSE envelope, as cosign v3 writes it: its subject list must name
 * the manifest digest, or the signature is about something else.
 * See https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md
 */
final class InTotoStatement {

    static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    /** lading sign's predicate: cosign's sign/v1 predicate is empty, and we need a signed time. */
    static final String LADING_PREDICATE = "https://lading.io/attestation/signed-version/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private InTotoStatement() {
    }

    /** Whether the payload is an in-toto statement with a subject whose sha256 is {@code hex}. */
    static boolean namesSubject(byte[] payload, String hex) {
        JsonNode statement;
        try {
            statement = JSON.readTree(payload);
        } catch (IOException e) {
            return false;
        }
        return statement.path("subject").valueStream()
                .anyMatch(s -> hex.equals(s.path("digest").path("sha256").asText()));
    }

    /**
     * The signing time a {@code lading sign} statement carries in its predicate: signed by the key with the
     * rest, so as trustworthy as the key (a log's integrated time is preferred when there is one).
     */
    static Optional<Instant> signedAt(byte[] payload) {
        try {
            JsonNode statement = JSON.readTree(payload);
            if (!LADING_PREDICATE.equals(statement.path("predicateType").asText())) {
                return Optional.empty();
            }
            return Optional.of(Instant.parse(statement.path("predicate").path("signedAt").asText()));
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The whole statement {@code lading sign} signs: the manifest as subject, and when it was signed. */
    static byte[] forManifest(String repository, String sha256Hex, Instant signedAt) {
        var statement = JSON.createObjectNode().put("_type", STATEMENT_TYPE);
        var subject = statement.putArray("subject").addObject().put("name", repository);
        subject.putObject("digest").put("sha256", sha256Hex);
        statement.put("predicateType", LADING_PREDICATE);
        statement.putObject("predicate").put("signedAt", signedAt.toString());
        try {
            return JSON.writeValueAsBytes(statement);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an in-toto statement", e);
        }
    }

    /** DSSE's pre-authentication encoding, which is what a DSSE signature actually signs. */
    static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] pae = new byte[head.length + payload.length];
        System.arraycopy(head, 0, pae, 0, head.length);
        System.arraycopy(payload, 0, pae, head.length, payload.length);
        return pae;
    }
}
