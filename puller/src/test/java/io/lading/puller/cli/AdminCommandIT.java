package io.lading.puller.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.puller.client.SharedRegistry;
import io.lading.puller.client.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code lading admin} still works on the reworked client and options, including the old {@code --user} spelling. */
class AdminCommandIT {
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry(1 << 20);

    @Test
    void givenUserAlias_whenCreatingARobot_thenTheRegistryListsIt() {
        PushCommandIT.Run run = PushCommandIT.lading("admin", "robot-create", "--registry", registry.url(), "--user", TestRegistry.ADMIN,
                "--password", TestRegistry.ADMIN_PASSWORD, "ci-robot");

        assertEquals(0, run.exit(), run.err());
        var principals = registry.admin().get("/lading/v1/admin/principals");
        assertEquals(200, principals.status());
        assertTrue(principals.body().toString().contains("\"ci-robot\""), principals.body().toString());
    }

    private static com.fasterxml.jackson.databind.JsonNode admin(String... args) {
        String[] all = new String[args.length + 7];
        all[0] = "admin";
        all[1] = args[0];
        all[2] = "--registry";
        all[3] = registry.url();
        all[4] = "-u";
        all[5] = TestRegistry.ADMIN;
        all[6] = "-p";
        all[7] = TestRegistry.ADMIN_PASSWORD;
        System.arraycopy(args, 1, all, 8, args.length - 1);
        CliRun run = CliRun.of(all);
        assertEquals(0, run.exit(), String.join(" ", args) + ": " + run.err());
        return run.json();
    }

    /** Whether {@code robot} can push to {@code repository} now: a push token and a HEAD with it. */
    private static boolean canPush(String robot, String secret, String repository) {
        try {
            new io.lading.puller.client.RegistryClient(registry.url(), robot, secret)
                    .authorizePush(io.lading.spec.name.RepositoryName.parse(repository));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void robotsAndGrantsLiveAndDieThroughTheCli_andTheAuditLogShowsIt() {
        String secret = admin("robot-create", "--json", "trainer-x").path("secret").asText();
        assertFalse(canPush("trainer-x", secret, "team-x/llama"), "a new robot has no grant");

        long grant = admin("grant-add", "--json", "--principal", "trainer-x", "--repository", "team-x/**", "--actions", "pull,push")
                .path("id").asLong();
        assertTrue(canPush("trainer-x", secret, "team-x/llama"));
        assertFalse(canPush("trainer-x", secret, "team-y/llama"), "the grant covers team-x/** only");
        assertTrue(admin("grant-list", "--json").toString().contains("\"team-x/**\""));

        admin("grant-revoke", "--json", Long.toString(grant));
        assertFalse(canPush("trainer-x", secret, "team-x/llama"), "the grant is gone");

        admin("grant-add", "--json", "--principal", "trainer-x", "--repository", "team-x/**", "--actions", "pull,push");
        admin("robot-revoke", "--json", "trainer-x");
        assertFalse(canPush("trainer-x", secret, "team-x/llama"), "a revoked robot gets no token, grant or not");
        assertTrue(admin("robot-list", "--json").toString().contains("\"revoked\":true"));

        String audit = admin("audit", "--json", "--limit", "1000").toString();
        for (String action : new String[] {"grant.add", "grant.revoke", "token.refused"}) {
            assertTrue(audit.contains("\"action\":\"" + action + "\""), action + " in " + audit);
        }
    }

    @Test
    void givenWrongPassword_whenListingGrants_thenOneLineErrorAndExitOne() {
        PushCommandIT.Run run = PushCommandIT.lading("admin", "grant-list", "--registry", registry.url(), "-u", TestRegistry.ADMIN,
                "-p", "wrong");

        assertEquals(1, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("lading: getting a token for registry:admin:* as admin: HTTP 401 UNAUTHORIZED"), run.err());
    }
}
