package io.lading.puller.client;

import io.lading.spec.auth.Action;
import io.lading.spec.auth.Scope;
import io.lading.spec.name.RepositoryName;
import java.util.EnumSet;
import java.util.List;

/** The token scopes the client asks for, built from the spec's {@link Scope} so the strings match the server's. */
final class Scopes {
    private Scopes() {
    }

    static List<String> pull(RepositoryName repository) {
        return List.of(Scope.repository(repository, EnumSet.of(Action.PULL)).toString());
    }

    /** Pushing also needs pull: the client checks which blobs the repository already has. */
    static List<String> push(RepositoryName repository) {
        return List.of(Scope.repository(repository, EnumSet.of(Action.PULL, Action.PUSH)).toString());
    }
}
