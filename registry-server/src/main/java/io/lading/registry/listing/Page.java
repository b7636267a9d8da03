package io.lading.registry.listing;

import java.util.List;
import java.util.Optional;

/** One page of a listing, and the {@code last} value of the next page when there is one. */
public record Page(List<String> items, Optional<String> next) {
    public Page {
        items = List.copyOf(items);
    }

    /** Cuts a query result of up to {@code n + 1} rows to {@code n}; the extra row only says "there is more". */
    static Page of(List<String> rows, int n) {
        if (rows.size() > n) {
            List<String> items = rows.subList(0, n);
            return new Page(items, n == 0 ? Optional.empty() : Optional.of(items.get(n - 1)));
        }
        return new Page(rows, Optional.empty());
    }
}
