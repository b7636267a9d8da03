package io.lading.puller.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the trust policy file of spec/trust-policy.md. Strict on purpose: an unknown field is an
 * error (a misspelt {@code "mdoe"} must not silently leave a rule in its default), and every error is
 * one line naming the file and the JSON path, e.g. {@code rules[1].mode}.
 */
public final class TrustPolicyParser {

    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("version", "trustedRoot", "rules");
    private static final Set<String> RULE = Set.of("name", "repositories", "tags", "mode", "transparencyLog",
            "identities", "keys", "refuseOlder");
    private static final Set<String> IDENTITY = Set.of("identity", "identityRegex", "issuer", "issuerRegex");
    private static final Set<String> KEY = Set.of("name", "pem", "file");

    private TrustPolicyParser() {
    }

    /** Parses a policy file; relative paths inside it are resolved against its directory. */
    public static TrustPolicy parse(Path file) {
        String text = read(file, "trust policy");
        try {
            return parse(text, file.toAbsolutePath().getParent());
        } catch (TrustPolicyException e) {
            throw new TrustPolicyException("trust policy " + file + ": " + e.getMessage(), e);
        }
    }

    public static TrustPolicy parse(String json, Path baseDir) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TrustPolicyException("not valid JSON at line " + e.getLocation().getLineNr()
                    + ": " + e.getOriginalMessage());
        }
        object(root, "policy", TOP);
        if (root.path("version").asInt(-1) != VERSION) {
            throw new TrustPolicyException("version must be " + VERSION + ", got " + root.path("version"));
        }
        Optional<Path> trustedRoot = optionalText(root, "trustedRoot", "trustedRoot").map(baseDir::resolve);
        JsonNode rules = root.path("rules");
        if (!rules.isArray() || rules.isEmpty()) {
            throw new TrustPolicyException("rules must be a non-empty array");
        }
        List<TrustRule> parsed = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            parsed.add(rule(rules.get(i), "rules[" + i + "]", baseDir));
        }
        return new TrustPolicy(trustedRoot, parsed);
    }

    private static TrustRule rule(JsonNode node, String where, Path baseDir) {
        object(node, where, RULE);
        String name = optionalText(node, "name", where + ".name").orElse(where);
        NamePattern repositories = NamePattern.parse(text(node, "repositories", where + ".repositories"));
        Optional<NamePattern> tags = optionalText(node, "tags", where + ".tags").map(NamePattern::parse);
        Mode mode = Mode.parse(text(node, "mode", where + ".mode"), where + ".mode");
        boolean log = flag(node, "transparencyLog", where, true);
        boolean refuseOlder = flag(node, "refuseOlder", where, false);
        List<IdentityMatcher> identities = new ArrayList<>();
        forEach(node, "identities", where, (item, at) -> identities.add(identity(item, at)));
        List<TrustedKey> keys = new ArrayList<>();
        forEach(node, "keys", where, (item, at) -> keys.add(key(item, at, baseDir)));
        try {
            return new TrustRule(name, repositories, tags, mode, identities, keys, log, refuseOlder);
        } catch (TrustPolicyException e) {
            throw new TrustPolicyException(where + ": " + e.getMessage(), e);
        }
    }

    private static boolean flag(JsonNode node, String field, String where, boolean absent) {
        JsonNode value = node.path(field);
        if (!value.isMissingNode() && !value.isBoolean()) {
            throw new TrustPolicyException(where + "." + field + " must be true or false");
        }
        return value.asBoolean(absent);
    }

    private static IdentityMatcher identity(JsonNode node, String where) {
        object(node, where, IDENTITY);
        boolean identityRegex = node.has("identityRegex");
        boolean issuerRegex = node.has("issuerRegex");
        if (identityRegex == node.has("identity") || issuerRegex == node.has("issuer")) {
            throw new TrustPolicyException(where + " needs exactly one of identity/identityRegex"
                    + " and exactly one of issuer/issuerRegex");
        }
        try {
            String identityField = identityRegex ? "identityRegex" : "identity";
            String issuerField = issuerRegex ? "issuerRegex" : "issuer";
            return new IdentityMatcher(text(node, identityField, where + "." + identityField), identityRegex,
                    text(node, issuerField, where + "." + issuerField), issuerRegex);
        } catch (TrustPolicyException e) {
            throw new TrustPolicyException(where + ": " + e.getMessage(), e);
        }
    }

    private static TrustedKey key(JsonNode node, String where, Path baseDir) {
        object(node, where, KEY);
        String name = optionalText(node, "name", where + ".name").orElse(null);
        if (node.has("pem") == node.has("file")) {
            throw new TrustPolicyException(where + " needs exactly one of pem (inline) or file (a path)");
        }
        try {
            return node.has("pem") ? TrustedKey.fromPem(name, text(node, "pem", where + ".pem"))
                    : TrustedKey.fromFile(name, baseDir.resolve(text(node, "file", where + ".file")));
        } catch (TrustPolicyException e) {
            throw new TrustPolicyException(where + ": " + e.getMessage(), e);
        }
    }

    /** A whole small file as text, or a one-line error: "trust policy /x does not exist". */
    static String read(Path file, String what) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new TrustPolicyException(what + " " + file + " does not exist", e);
        } catch (IOException e) {
            throw new TrustPolicyException("cannot read " + what + " " + file + ": " + e, e);
        }
    }

    private interface ItemParser {
        void accept(JsonNode item, String where);
    }

    private static void forEach(JsonNode node, String field, String where, ItemParser parser) {
        JsonNode list = node.path(field);
        if (list.isMissingNode()) {
            return;
        }
        if (!list.isArray()) {
            throw new TrustPolicyException(where + "." + field + " must be an array");
        }
        for (int i = 0; i < list.size(); i++) {
            parser.accept(list.get(i), where + "." + field + "[" + i + "]");
        }
    }

    private static void object(JsonNode node, String where, Set<String> allowed) {
        if (!node.isObject()) {
            throw new TrustPolicyException(where + " must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new TrustPolicyException(where + " has unknown field '" + field + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String field, String where) {
        return optionalText(node, field, where).orElseThrow(() -> new TrustPolicyException(where + " is required"));
    }

    private static Optional<String> optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (value.isMissingNode()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new TrustPolicyException(where + " must be a non-empty string");
        }
        return Optional.of(value.asText());
    }
}
