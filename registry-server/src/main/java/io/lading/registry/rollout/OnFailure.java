package io.lading.registry.rollout;

import io.lading.registry.failure.RegistryFailure;
import java.util.Locale;

/** What a rollout does when a wave has more failed hosts than its budget allows. */
public enum OnFailure {
    PAUSE, ROLLBACK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OnFailure parse(String id) {
        return switch (id) {
            case "pause" -> PAUSE;
            case "rollback" -> ROLLBACK;
            default -> throw new RegistryFailure.Invalid("onFailure must be pause or rollback, got '" + id + "'");
        };
    }
}
