package io.lading.puller.client;

/**
 * Who the client is to the registry: a user or robot name with its secret, or nobody. Anonymous clients
 * still follow the token flow; the registry then grants whatever anonymous callers may do.
 */
public record Credentials(String user, String password) {
    private static final Credentials ANONYMOUS = new Credentials(null, null);

    public Credentials {
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException(user == null ? "a password was given without a user name"
                    : "user '" + user + "' was given without a password");
        }
    }

    public static Credentials anonymous() {
        return ANONYMOUS;
    }

    public boolean isAnonymous() {
        return user == null;
    }

    /** The HTTP basic header value, for the token endpoint and registries that want basic auth directly. */
    String basicHeader() {
        return okhttp3.Credentials.basic(user, password);
    }

    @Override
    public String toString() {
        return isAnonymous() ? "anonymous" : user + ":***";
    }
}
