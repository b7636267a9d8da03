package io.lading.spec.name;

/** A repository name, tag or reference that breaks the distribution spec's grammar. */
public final class InvalidNameException extends IllegalArgumentException {
    public InvalidNameException(String message) {
        super(message);
    }
}
