/**
 * Activation: turning a pulled manifest into the version a host serves, and back.
 *
 * <p>{@link io.lading.puller.activate.VersionBuilder} links a version's files into
 * {@code models/<name>/versions/<hex>/}; {@link io.lading.puller.activate.Activator} swaps the
 * {@code current} and {@code previous} symlinks beside it, one atomic rename each, under a per-model lock.
 * The layout is documented in {@code ModelDir}.
 *
 * <p>The contract with an inference server, for whoever writes its side of the hook:
 * <ul>
 *   <li>Command hook: run as {@code /bin/sh -c CMD} with {@code LADING_MODEL} (e.g. {@code team/llama}),
 *       {@code LADING_VERSION} (the manifest digest) and {@code LADING_PATH} ({@code <root>/models/<name>/current},
 *       already pointing at the new version). Exit 0 accepts the version.</li>
 *   <li>HTTP hook: {@code POST URL} with {@code {"model": …, "version": …, "path": …}} (the same values) as
 *       {@code application/json}. A 2xx answer accepts; redirects are not followed and nothing is retried.</li>
 *   <li>Either way, anything else (non-zero exit, other status, no answer within the timeout, 30 s by
 *       default) puts {@code current} and {@code previous} back as they were, kills the command or aborts
 *       the call, and fails the activation with the exit code or status and the first line of stderr or body.</li>
 * </ul>
 * A server should load from {@code LADING_PATH} and resolve it once, so a later switch cannot change
 * files under a running load.
 */
package io.lading.puller.activate;
