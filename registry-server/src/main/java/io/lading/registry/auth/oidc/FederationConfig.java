package io.lading.registry.auth.oidc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.registry.auth.RepositoryPattern;
import io.lading.spec.auth.Action;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The federation config file (spec/oidc-federation.md), parsed and checked up front so that a mistake
 * stops the registry at startup instead of silently refusing (or granting) tokens later. Unknown keys
 * are errors: a misspelt "claims" would otherwise make a rule match every token.
 */
record FederationConfig(List<TrustedIssuer> issuers) {

    record TrustedIssuer(String issuer, String audience, List<Rule> rules) {
    }

    record Rule(Map<String, ClaimMatcher> claims, List<GrantSpec> grants) {
    }

    record GrantSpec(RepositoryPattern pattern, Set<Action> actions) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static FederationConfig read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read OIDC federation config " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OIDC federation config " + file + ": " + e.getMessage());
        }
    }

    static FederationConfig parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + oneLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must be a JSON object with an \"issuers\" list");
        }
        onlyKeys(root, "", "issuers");
        JsonNode list = array(root, "issuers", "");
        List<TrustedIssuer> issuers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            TrustedIssuer issuer = issuer(list.get(i), "issuers[" + i + "]");
            if (!seen.add(issuer.issuer())) {
                throw new IllegalArgumentException("issuer " + issuer.issuer() + " is listed twice; merge its rules");
            }
            issuers.add(issuer);
        }
        return new FederationConfig(List.copyOf(issuers));
    }

    private static TrustedIssuer issuer(JsonNode node, String at) {
        onlyKeys(node, at, "issuer", "audience", "rules");
        String issuer = text(node, "issuer", at);
        checkIssuerUrl(issuer, at + ".issuer");
        String audience = text(node, "audience", at);
        JsonNode list = array(node, "rules", at);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            rules.add(rule(list.get(i), at + ".rules[" + i + "]"));
        }
        return new TrustedIssuer(issuer, audience, List.copyOf(rules));
    }

    private static Rule rule(JsonNode node, String at) {
        onlyKeys(node, at, "claims", "grants");
        Map<String, ClaimMatcher> claims = new LinkedHashMap<>();
        JsonNode claimNode = node.get("claims");
        if (claimNode != null && !claimNode.isObject()) {
            throw new IllegalArgumentException(at + ".claims must be an object of claim name to pattern");
        }
        if (claimNode != null) {
            for (Iterator<String> names = claimNode.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String pattern = text(claimNode, name, at + ".claims");
                try {
                    claims.put(name, ClaimMatcher.parse(pattern));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ".claims." + name + ": " + e.getMessage());
                }
            }
        }
        JsonNode list = array(node, "grants", at);
        List<GrantSpec> grants = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            grants.add(grant(list.get(i), at + ".grants[" + i + "]"));
        }
        return new Rule(Map.copyOf(claims), List.copyOf(grants));
    }

    private static GrantSpec grant(JsonNode node, String at) {
        onlyKeys(node, at, "repository", "actions");
        String repository = text(node, "repository", at);
        RepositoryPattern pattern;
        try {
            pattern = RepositoryPattern.parse(repository);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ".repository: " + e.getMessage());
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        JsonNode list = array(node, "actions", at);
        for (JsonNode a : list) {
            Action action = Action.byId(a.isTextual() ? a.asText() : "").orElseThrow(() -> new IllegalArgumentException(
                    at + ".actions: " + a + " is not an action; use pull, push, delete or rollout"));
            if (action == Action.ADMIN) {
                // A CI identity is shared by everyone who can push to the CI repository; admin stays with people and robots.
                throw new IllegalArgumentException(at + ".actions: admin cannot be granted through OIDC federation;"
                        + " grant it to a user or robot account instead");
            }
            actions.add(action);
        }
        return new GrantSpec(pattern, actions);
    }

    /** https only, except on this machine (plain HTTP to a loopback issuer can't be tampered with on the wire). */
    static void checkIssuerUrl(String url, String at) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(at + ": '" + url + "' is not a URL");
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(at + ": '" + url + "' must be a URL with a host and no query, fragment or user");
        }
        boolean https = "https".equals(uri.getScheme());
        boolean loopbackHttp = "http".equals(uri.getScheme()) && isLoopback(uri.getHost());
        if (!https && !loopbackHttp) {
            throw new IllegalArgumentException(at + ": '" + url + "' must use https (plain http only for 127.0.0.1 or localhost)");
        }
    }

    static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("[::1]");
    }

    private static void onlyKeys(JsonNode node, String at, String... allowed) {
        String where = at.isEmpty() ? "the top level" : at;
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object");
        }
        Set<String> known = Set.of(allowed);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException(where + ": unknown key \"" + name + "\"; expected " + String.join(", ", allowed));
            }
        }
    }

    private static JsonNode array(JsonNode node, String key, String at) {
        JsonNode value = node.get(key);
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw new IllegalArgumentException(path(at, key) + " must be a non-empty list");
        }
        return value;
    }

    private static String text(JsonNode node, String key, String at) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(path(at, key) + " must be a non-empty string");
        }
        return value.asText();
    }

    private static String path(String at, String key) {
        return at.isEmpty() ? key : at + "." + key;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
