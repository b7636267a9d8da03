package io.lading.puller.daemon;


/**
 * What the daemon knows of one followed model, as {@code /status} shows it. {@code state} is {@code idle},
 * {@code pulling}, {@code activating} or {@code failed}; {@code lastError} stays until the next success.
 */
public record ModelStatus(String model, String state, String active, String previous, String desired,
                          String lastError, String lastSync) {
}
