package io.lading.puller.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy file of spec/trust-policy.md: what it means, and one-line errors for what it must not say. */
class TrustPolicyParserTest {

    @TempDir
    Path dir;

    private static final String ROOT = "\"trustedRoot\": \"trusted_root.json\"";

    private static String policy(String rules) {
        return "{\"version\": 1, " + ROOT + ", \"rules\": [" + rules + "]}";
    }

    private static final String PROD = """
            {"name": "prod", "repositories": "models/**", "tags": "v*", "mode": "enforce",
             "identities": [{"identity": "https://ci/train", "issuer": "https://issuer"}]}""";
    private static final String STAGING = """
            {"name": "staging", "repositories": "models/**", "mode": "warn",
             "identities": [{"identityRegex": "https://ci/.*", "issuerRegex": "https://.*"}]}""";
    private static final String SCRATCH = """
            {"name": "scratch", "repositories": "scratch/*", "mode": "off"}""";

    @Test
    void givenPolicyFile_whenParsed_thenRulesKeepTheirOrderAndTheRootResolvesNextToTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.json"), policy(PROD + "," + STAGING + "," + SCRATCH));

        TrustPolicy policy = TrustPolicyParser.parse(file);

        assertEquals(dir.toAbsolutePath().resolve("trusted_root.json"), policy.trustedRoot().orElseThrow());
        assertEquals(3, policy.rules().size());
        TrustRule prod = policy.rules().get(0);
        assertEquals(Mode.ENFORCE, prod.mode());
        assertTrue(prod.transparencyLog(), "the log is required unless a rule says otherwise");
        assertFalse(prod.refuseOlder(), "rollback protection is off unless a rule asks for it");
        assertEquals(new IdentityMatcher("https://ci/train", false, "https://issuer", false), prod.identities().get(0));
    }

    @ParameterizedTest
    @CsvSource({
            "models/llama, v1, prod",
            "models/llama, latest, staging",
            "models/team/llama, v2, prod",
            "scratch/x, v1, scratch",
            "models/llama, , staging",
    })
    void givenVersion_whenRuleLookedUp_thenTheFirstRuleCoveringItDecides(String repo, String tag, String rule) {
        TrustPolicy policy = TrustPolicyParser.parse(policy(PROD + "," + STAGING + "," + SCRATCH), dir);

        Optional<Tag> t = tag == null ? Optional.empty() : Optional.of(Tag.parse(tag));
        assertEquals(rule, policy.ruleFor(RepositoryName.parse(repo), t).orElseThrow().name());
    }

    @Test
    void givenRepositoryNoRuleCovers_whenRuleLookedUp_thenNone() {
        TrustPolicy policy = TrustPolicyParser.parse(policy(SCRATCH), dir);

        assertFalse(policy.ruleFor(RepositoryName.parse("scratch/a/b"), Optional.empty()).isPresent(),
                "a single * does not cross a /");
        assertFalse(policy.ruleFor(RepositoryName.parse("models/llama"), Optional.empty()).isPresent());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"version\": 2, \"rules\": []}| version must be 1",
            "{\"version\": 1, \"rules\": []}| rules must be a non-empty array",
            "{\"version\": 1, \"rules\": [], \"extra\": 1}| policy has unknown field 'extra'",
            "{\"version\": 1, \"rules\": [{\"repositories\": \"a\", \"mdoe\": \"off\"}]}| rules[0] has unknown field 'mdoe'",
            "{\"version\": 1, \"rules\": [{\"repositories\": \"a\", \"mode\": \"strict\"}]}| rules[0].mode must be enforce, warn or off, got 'strict'",
            "{\"version\": 1, \"rules\": [{\"mode\": \"off\"}]}| rules[0].repositories is required",
            "{\"version\": 1, \"rules\": [{\"repositories\": \"a\", \"mode\": \"enforce\"}]}| names no identities and no keys",
            "{\"version\": 1, \"rules\": [{\"repositories\": \"a\", \"mode\": \"enforce\", \"identities\": [{\"identity\": \"x\", \"issuer\": \"y\"}]}]}| needs \"trustedRoot\"",
            "{\"version\": 1, \"rules\": [{\"repositories\": \"a\", \"mode\": \"warn\", \"identities\": [{\"identity\": \"x\", \"identityRegex\": \"x\", \"issuer\": \"y\"}]}]}| rules[0].identities[0] needs exactly one of identity/identityRegex",
            "{\"version\": 1, \"rules\": [{\"repositories\": \"a\", \"mode\": \"warn\", \"identities\": [{\"identityRegex\": \"(\", \"issuer\": \"y\"}]}]}| identityRegex '(' is not a valid regex",
            "{\"version\": 1, \"rules\": [{\"repositories\": \"a\", \"mode\": \"warn\", \"transparencyLog\": \"yes\", \"keys\": []}]}| rules[0].transparencyLog must be true or false",
            "{\"version\": 1, \"rules\": [{\"repositories\": \"a\", \"mode\": \"warn\", \"transparencyLog\": false, \"keys\": [{\"pem\": \"nope\"}]}]}| rules[0].keys[0]: key (unnamed) is not a PEM",
            "{\"version\": 1, \"rules\": [{\"repositories\": \"a\", \"mode\": \"warn\", \"transparencyLog\": false, \"keys\": [{\"file\": \"missing.pem\"}]}]}| rules[0].keys[0]: key file ",
            "{\"version\": 1, \"rules\": [{\"repositories\": \"a\", \"mode\": \"off\"}, ]}| not valid JSON at line 1",
    })
    void givenInvalidPolicy_whenParsed_thenOneLineErrorSaysWhatAndWhere(String json, String expected) {
        TrustPolicyException e = assertThrows(TrustPolicyException.class, () -> TrustPolicyParser.parse(json, dir));

        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' lacks '" + expected + "'");
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void givenPolicyFileWithAnError_whenParsed_thenTheMessageNamesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"version\": 1, \"rules\": [{\"mode\": \"off\"}]}");

        TrustPolicyException e = assertThrows(TrustPolicyException.class, () -> TrustPolicyParser.parse(file));

        assertEquals("trust policy " + file + ": rules[0].repositories is required", e.getMessage());
    }

    @Test
    void givenMissingPolicyFile_whenParsed_thenOneLineSaysItDoesNotExist() {
        Path missing = dir.resolve("nope.json");

        TrustPolicyException e = assertThrows(TrustPolicyException.class, () -> TrustPolicyParser.parse(missing));

        assertEquals("trust policy " + missing + " does not exist", e.getMessage());
    }

    @Test
    void givenKeysInlineAndFromFiles_whenParsed_thenEachKeyHasItsNameOrFingerprint() throws Exception {
        Path keyFile = SigstoreFixtures.dir().resolve("key-ed25519.pub.pem");
        String inline = Files.readString(SigstoreFixtures.dir().resolve("key-rsa.pub.pem")).replace("\n", "\\n");
        String rule = """
                {"repositories": "a", "mode": "enforce", "transparencyLog": false,
                 "keys": [{"name": "release", "file": "%s"}, {"pem": "%s"}]}""".formatted(keyFile, inline);

        TrustRule parsed = TrustPolicyParser.parse("{\"version\": 1, \"rules\": [" + rule + "]}", dir).rules().get(0);

        assertEquals("release", parsed.keys().get(0).name());
        assertEquals("Ed25519", parsed.keys().get(0).jcaAlgorithm());
        assertEquals("sha256:" + parsed.keys().get(1).fingerprint(), parsed.keys().get(1).name());
        assertEquals("SHA256withRSA", parsed.keys().get(1).jcaAlgorithm());
    }

    @Test
    void givenRefuseOlder_whenParsed_thenTheRuleHasIt_andANonBooleanIsAOneLineError() {
        TrustPolicy policy = TrustPolicyParser.parse(policy(PROD.replace("\"mode\"", "\"refuseOlder\": true, \"mode\"")), dir);
        assertTrue(policy.rules().get(0).refuseOlder());

        TrustPolicyException e = assertThrows(TrustPolicyException.class, () -> TrustPolicyParser.parse(
                policy(PROD.replace("\"mode\"", "\"refuseOlder\": \"yes\", \"mode\"")), dir));
        assertEquals("rules[0].refuseOlder must be true or false", e.getMessage());
    }
}
