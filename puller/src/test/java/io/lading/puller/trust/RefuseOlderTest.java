package io.lading.puller.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollback protection: with {@code refuseOlder} a version signed before the active one is refused; bundles made
 * by {@link BundleSigner} (what {@code lading sign} attaches) with a chosen signing time, checked by the verifier.
 */
class RefuseOlderTest {
    private static final RepositoryName REPO = RepositoryName.parse("models/llama");
    private static final Instant ACTIVE = Instant.parse("2026-11-01T12:00:00Z");
    @TempDir
    Path dir;
    private TestKeys keys;
    private ManifestSubject manifest;

    @BeforeEach
    void keys() throws Exception {
        keys = TestKeys.generate(dir, "release", "EC");
        manifest = SigstoreFixtures.manifestA();
    }

    private Verdict verify(String mode, boolean refuseOlder, Instant signedAt, Optional<Instant> active) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.json"), """
                {"version": 1, "rules": [{"name": "prod", "repositories": "models/**", "mode": "%s",
                  "transparencyLog": false, "refuseOlder": %s, "keys": [{"name": "release", "file": "release.pub.pem"}]}]}
                """.formatted(mode, refuseOlder));
        byte[] bundle = BundleSigner.sign(SigningKey.fromFile(keys.privatePem()), REPO, manifest.digest(), signedAt);
        return new ManifestVerifier(TrustPolicyParser.parse(policy))
                .verify(REPO, Optional.of(Tag.parse("prod")), manifest, List.of(bundle), active);
    }

    @Test
    void givenVersionSignedBeforeTheActiveOne_whenVerified_thenRejectedNamingBothTimes() throws Exception {
        Verdict verdict = verify("enforce", true, ACTIVE.minusSeconds(60), Optional.of(ACTIVE));

        Verdict.Rejected rejected = assertInstanceOf(Verdict.Rejected.class, verdict);
        assertEquals("signed at 2026-11-01T11:59:00Z by key release, before the active version (signed at"
                + " 2026-11-01T12:00:00Z); refuseOlder lets only an operator rollback go back", rejected.reason());
    }

    @Test
    void givenVersionSignedAfterOrWithTheActiveOne_whenVerified_thenAcceptedWithItsSigningTime() throws Exception {
        Verdict later = verify("enforce", true, ACTIVE.plusSeconds(1), Optional.of(ACTIVE));
        Verdict same = verify("enforce", true, ACTIVE, Optional.of(ACTIVE));

        assertEquals(Optional.of(ACTIVE.plusSeconds(1)), assertInstanceOf(Verdict.Accepted.class, later).signedAt());
        assertInstanceOf(Verdict.Accepted.class, same);
    }

    @Test
    void givenOlderVersion_whenNoActiveTimeIsKnownOrTheRuleDoesNotRefuseOlder_thenAccepted() throws Exception {
        assertInstanceOf(Verdict.Accepted.class, verify("enforce", true, ACTIVE.minusSeconds(60), Optional.empty()));
        assertInstanceOf(Verdict.Accepted.class, verify("enforce", false, ACTIVE.minusSeconds(60), Optional.of(ACTIVE)));
    }

    @Test
    void givenOlderVersionUnderAWarnRule_whenVerified_thenWaivedWithTheReason() throws Exception {
        Verdict verdict = verify("warn", true, ACTIVE.minusSeconds(60), Optional.of(ACTIVE));

        Verdict.Waived waived = assertInstanceOf(Verdict.Waived.class, verdict);
        assertTrue(waived.reason().contains("before the active version"), waived.reason());
        assertTrue(verdict.permitsActivation());
    }
}
