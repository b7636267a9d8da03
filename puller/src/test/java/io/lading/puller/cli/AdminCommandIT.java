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

    @Test
    void givenWrongPassword_whenListingGrants_thenOneLineErrorAndExitOne() {
        PushCommandIT.Run run = PushCommandIT.lading("admin", "grant-list", "--registry", registry.url(), "-u", TestRegistry.ADMIN,
                "-p", "wrong");

        assertEquals(1, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("lading: getting a token for registry:admin:* as admin: HTTP 401 UNAUTHORIZED"), run.err());
    }
}
