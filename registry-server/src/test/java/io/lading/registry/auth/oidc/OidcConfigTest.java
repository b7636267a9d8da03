package io.lading.registry.auth.oidc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The config file is checked at load time, so a mistake stops startup with a reason instead of misgranting later. */
class OidcConfigTest {
    private static final String GRANT = "{\"repository\": \"models/org/**\", \"actions\": [\"pull\"]}";
    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("oidc.json"), json);
    }

    private static String issuer(String url, String audience, String rules) {
        return "{\"issuers\": [{\"issuer\": \"" + url + "\", \"audience\": \"" + audience + "\", \"rules\": " + rules + "}]}";
    }

    @Test
    void givenTheDocumentedExample_whenLoaded_thenItIsAcceptedWithoutContactingTheIssuer() throws IOException {
        Path file = write("""
                {"issuers": [
                  {"issuer": "https://token.actions.example.com", "audience": "lading",
                   "rules": [
                     {"claims": {"repository": "org/train-*", "ref": "refs/heads/main"},
                      "grants": [{"repository": "models/org/**", "actions": ["pull", "push"]}]}
                   ]}
                ]}""");
        assertDoesNotThrow(() -> OidcFederation.load(file, Clock.systemUTC()));
    }

    @ParameterizedTest(name = "given {0}, when loaded, then refused mentioning \"{2}\"")
    @CsvSource(delimiter = '|', textBlock = """
            text that is not JSON        | {"issuers": [                                       | not valid JSON
            a JSON list                  | []                                                  | JSON object
            no issuers                   | {"issuers": []}                                     | issuers must be a non-empty list
            a misspelt key               | {"issuer": []}                                      | unknown key "issuer"
            """)
    void givenAMalformedFile_whenLoaded_thenRefusedWithAOneLineReason(String what, String json, String reason) throws IOException {
        assertRefused(json, reason);
    }

    @ParameterizedTest(name = "given {0}, when loaded, then refused mentioning \"{3}\"")
    @CsvSource(delimiter = '|', textBlock = """
            an issuer that is not a URL       | not a url                   | lading | is not a URL
            plain http to a remote issuer     | http://idp.example.com      | lading | must use https
            an issuer URL with a query        | https://idp.example.com?x=1 | lading | no query
            an empty audience                 | https://idp.example.com     | ''     | audience must be a non-empty string
            """)
    void givenABadIssuer_whenLoaded_thenRefused(String what, String url, String audience, String reason) throws IOException {
        assertRefused(issuer(url, audience, "[{\"grants\": [" + GRANT + "]}]"), reason);
    }

    @ParameterizedTest(name = "given {0}, when loaded, then refused mentioning \"{2}\"")
    @CsvSource(delimiter = '|', textBlock = """
            no rules                         | []                                                                           | rules must be a non-empty list
            a rule without grants            | [{"claims": {"ref": "x"}}]                                                   | grants must be a non-empty list
            a misspelt claims key            | [{"claim": {"ref": "x"}, "grants": [{"repository": "a", "actions": ["pull"]}]}] | unknown key "claim"
            a claim pattern that is a number | [{"claims": {"ref": 1}, "grants": [{"repository": "a", "actions": ["pull"]}]}] | claims.ref must be a non-empty string
            a regex that does not compile    | [{"claims": {"ref": "re:("}, "grants": [{"repository": "a", "actions": ["pull"]}]}] | not a valid regex
            a bad repository pattern         | [{"grants": [{"repository": "/Models", "actions": ["pull"]}]}]               | is not a repository pattern
            an unknown action                | [{"grants": [{"repository": "a", "actions": ["fly"]}]}]                      | "fly" is not an action
            no actions                       | [{"grants": [{"repository": "a", "actions": []}]}]                           | actions must be a non-empty list
            """)
    void givenABadRule_whenLoaded_thenRefused(String what, String rules, String reason) throws IOException {
        assertRefused(issuer("https://idp.example.com", "lading", rules), reason);
    }

    @Test
    void givenARuleGrantingAdmin_whenLoaded_thenRefusedBecauseFederationNeverGrantsAdmin() throws IOException {
        assertRefused(issuer("https://idp.example.com", "lading",
                "[{\"grants\": [{\"repository\": \"**\", \"actions\": [\"pull\", \"admin\"]}]}]"),
                "admin cannot be granted through OIDC federation");
    }

    @Test
    void givenTheSameIssuerTwice_whenLoaded_thenRefused() throws IOException {
        String one = issuer("https://idp.example.com", "lading", "[{\"grants\": [" + GRANT + "]}]");
        String entry = one.substring(one.indexOf('[') + 1, one.lastIndexOf(']'));
        assertRefused("{\"issuers\": [" + entry + ", " + entry + "]}", "listed twice");
    }

    @Test
    void givenAMissingFile_whenLoaded_thenRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> OidcFederation.load(dir.resolve("nope.json"), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    private void assertRefused(String json, String reason) throws IOException {
        Path file = write(json);
        var e = assertThrows(IllegalArgumentException.class, () -> OidcFederation.load(file, Clock.systemUTC()));
        assertTrue(e.getMessage().contains(reason), () -> "expected '" + reason + "' in: " + e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, "the reason must be one line: " + e.getMessage());
    }
}
