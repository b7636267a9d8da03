package io.lading.puller.daemon;


/**
 * What the daemon knows of one followed model, as {@code /status} shows it. {@code state} is {@code idle},
 * {@code pulling}, {@code verifying}, {@code activating}, {@code rejected} (the trust policy refused the
 * desired version; the active one stays) or {@code failed}; {@code lastError} stays until the next success.
 * {@code signature} is the trust policy's one-line verdict on the last version checked.
 */
public record ModelStatus(String model, String state, String active, String previous, String desired,
                          String lastError, String lastSync, String signature) {
}
