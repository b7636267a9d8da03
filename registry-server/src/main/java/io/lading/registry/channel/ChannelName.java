package io.lading.registry.channel;

import io.lading.registry.failure.RegistryFailure;
import java.util.regex.Pattern;

/** A channel of a model ({@code prod}, {@code canary}): {@code [a-z0-9][a-z0-9._-]{0,62}}, never {@code history}. */
public record ChannelName(String value) {
    private static final Pattern GRAMMAR = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    /** Reserved: {@code /lading/v1/channels/<model>/<channel>/history} must not be read as a channel named history. */
    private static final String RESERVED = "history";
    public static final ChannelName PROD = new ChannelName("prod");

    public ChannelName {
        if (value == null || !GRAMMAR.matcher(value).matches() || value.equals(RESERVED)) {
            throw new RegistryFailure.Invalid("channel name must match [a-z0-9][a-z0-9._-]{0,62} and not be 'history', got '" + value + "'");
        }
    }

    public static ChannelName parse(String value) {
        return new ChannelName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
