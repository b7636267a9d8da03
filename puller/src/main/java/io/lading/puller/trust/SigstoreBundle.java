package io.lading.puller.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.spec.manifest.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a Sigstore bundle (v0.3) we route on, read with Jackson because sigstore-java refuses
 * to parse keyed bundles at all. The raw JSON is kept for sigstore-java's own keyless verification.
 * Format: https://github.com/sigstore/protobuf-specs (dev.sigstore.bundle.v1.Bundle).
 *
 * @param publicKeyHint present for keyed bundles (cosign --key); empty for keyless (certificate) ones
 */
public record SigstoreBundle(String json, Content content, boolean hasCertificate, Optional<String> publicKeyHint,
                             List<JsonNode> tlogEntries) {
    /** Real bundles are a few KiB; refusing large ones bounds what a hostile referrer can make us parse. */
    public static final int MAX_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was signed: either a digest (message signature) or a DSSE envelope. */
    public sealed interface Content {
    }

    /** A plain signature over the artifact, whose SHA-256 the bundle states. */
    public record MessageSignature(byte[] sha256, byte[] signature) implements Content {
    }

    /** A DSSE envelope: the signature covers PAE(payloadType, payload). */
    public record Dsse(String payloadType, byte[] payload, byte[] signature) implements Content {
    }

    public static SigstoreBundle parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidBundle("bundle is " + bytes.length + " bytes, more than the " + MAX_BYTES + " allowed");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidBundle("bundle is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String mediaType = root.path("mediaType").asText();
        if (!MediaTypes.SIGSTORE_BUNDLE.equals(mediaType)) {
            throw new InvalidBundle("bundle media type is '" + mediaType + "', expected " + MediaTypes.SIGSTORE_BUNDLE);
        }
        JsonNode material = root.path("verificationMaterial");
        boolean certificate = material.has("certificate");
        Optional<String> hint = material.has("publicKey")
                ? Optional.of(material.path("publicKey").path("hint").asText("")) : Optional.empty();
        if (certificate == hint.isPresent()) {
            throw new InvalidBundle("bundle must carry exactly one of a certificate or a public-key hint");
        }
        List<JsonNode> entries = material.path("tlogEntries").isArray()
                ? List.copyOf(material.path("tlogEntries").valueStream().toList()) : List.of();
        return new SigstoreBundle(new String(bytes, StandardCharsets.UTF_8), content(root), certificate, hint, entries);
    }

    private static Content content(JsonNode root) {
        JsonNode message = root.path("messageSignature");
        JsonNode dsse = root.path("dsseEnvelope");
        if (message.isObject() == dsse.isObject()) {
            throw new InvalidBundle("bundle must carry exactly one of messageSignature or dsseEnvelope");
        }
        if (message.isObject()) {
            if (!"SHA2_256".equals(message.path("messageDigest").path("algorithm").asText())) {
                throw new InvalidBundle("message signature digest must be SHA2_256");
            }
            return new MessageSignature(base64(message.path("messageDigest").path("digest")),
                    base64(message.path("signature")));
        }
        JsonNode signatures = dsse.path("signatures");
        if (!signatures.isArray() || signatures.size() != 1) {
            throw new InvalidBundle("DSSE envelope must carry exactly one signature");
        }
        return new Dsse(dsse.path("payloadType").asText(), base64(dsse.path("payload")),
                base64(signatures.get(0).path("sig")));
    }

    static byte[] base64(JsonNode node) {
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidBundle("bundle has invalid base64: " + e.getMessage());
        }
    }

    /** A bundle we cannot even read; its message is the one-line reason. */
    public static final class InvalidBundle extends RuntimeException {
        public InvalidBundle(String message) {
            super(message);
        }
    }
}
