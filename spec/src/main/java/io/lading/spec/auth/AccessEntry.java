package io.lading.spec.auth;

import java.util.List;

/**
 * One entry of a token's {@code access} claim, as the registry token spec writes it:
 * {@code {"type":"repository","name":"models/llama","actions":["pull"]}}.
 */
public record AccessEntry(String type, String name, List<String> actions) {
    public AccessEntry {
        actions = List.copyOf(actions);
    }
}
