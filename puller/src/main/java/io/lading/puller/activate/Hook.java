package io.lading.puller.activate;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What tells the inference server that {@code current} changed: nothing, a command, or an HTTP POST to its
 * reload endpoint. A hook that fails or exceeds its timeout makes the {@link Activator} undo the switch, so
 * the host never serves a version its server refused to load.
 */
public sealed interface Hook permits Hook.None, CommandHook, HttpHook {

    /** The default timeout: long enough for a server to map a large model, short enough to notice a hang. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Runs the hook; returns normally on success. */
    void fire(Event event) throws Failed;

    static Hook none() {
        return new None();
    }

    /** What the hook is told: the model, the version now current, and its path through {@code current}. */
    record Event(RepositoryName model, Digest version, Path path) {
    }

    /** No hook: the inference server watches {@code current} itself, or there is none yet. */
    record None() implements Hook {
        @Override
        public void fire(Event event) {
        }
    }

    /** The hook failed; the message says how (exit code or HTTP status, and the first line it wrote). */
    final class Failed extends Exception {
        public Failed(String message) {
            super(message);
        }
    }
}
