package io.lading.registry.fleet;

import io.lading.registry.failure.RegistryFailure;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A host's labels (region, zone, rack, pool, gpu, ...), or a selector over them. Sorted by key, so two
 * equal label sets serialise the same way.
 */
public record Labels(Map<String, String> values) {
    /** Enough for region, zone, rack, pool, GPU type and a few of the operator's own. */
    public static final int MAX_LABELS = 32;
    public static final int MAX_VALUE_LENGTH = 128;
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._/-]{0,62}");
    public static final Labels NONE = new Labels(Map.of());

    public Labels {
        if (values.size() > MAX_LABELS) {
            throw new RegistryFailure.Invalid("at most " + MAX_LABELS + " labels, got " + values.size());
        }
        var sorted = new TreeMap<String, String>();
        values.forEach((k, v) -> {
            if (k == null || !KEY.matcher(k).matches()) {
                throw new RegistryFailure.Invalid("label key must match [a-z0-9][a-z0-9._/-]{0,62}, got '" + k + "'");
            }
            if (v == null || v.length() > MAX_VALUE_LENGTH || v.chars().anyMatch(Character::isISOControl)) {
                throw new RegistryFailure.Invalid("label " + k + " needs a value of at most " + MAX_VALUE_LENGTH
                        + " printable characters, got '" + v + "'");
            }
            sorted.put(k, v);
        });
        values = java.util.Collections.unmodifiableSortedMap(sorted);
    }

    /** True when every label of {@code selector} is present here with the same value. */
    public boolean includes(Labels selector) {
        return values.entrySet().containsAll(selector.values.entrySet());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
