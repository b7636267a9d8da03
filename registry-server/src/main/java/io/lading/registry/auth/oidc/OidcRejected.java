package io.lading.registry.auth.oidc;

/**
 * An identity token the federation refused. The message is one line, safe to log and to show the caller:
 * anything taken from the token is sanitized before it gets here.
 */
public final class OidcRejected extends RuntimeException {
    public OidcRejected(String reason) {
        // No stack trace: a refusal is an expected outcome, not a bug, and is logged at the call site.
        super(reason, null, false, false);
    }
}
