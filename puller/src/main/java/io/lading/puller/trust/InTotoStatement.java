package io.lading.puller.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The in-toto statement inside a DSSE envelope, as cosign v3 writes it: its subject list must name
 * the manifest digest, or the signature is about something else.
 * See https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md
 */
final class InTotoStatement {

    static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
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
