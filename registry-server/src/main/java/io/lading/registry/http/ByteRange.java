package io.lading.registry.http;

import io.lading.registry.failure.RegistryFailure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a blob GET (RFC 9110 section 14.1.2): {@code bytes=first-last}, {@code bytes=first-}
 * or {@code bytes=-suffix}. Several ranges, another unit, or a range outside the blob are refused with 416.
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    static ByteRange parse(String header, long size) {
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            throw new RegistryFailure.RangeNotSatisfiable(header, size);
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new RegistryFailure.RangeNotSatisfiable(header, size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size || first > last) {
                throw new RegistryFailure.RangeNotSatisfiable(header, size);
            }
            return new ByteRange(first, last);
        } catch (NumberFormatException e) {
            throw new RegistryFailure.RangeNotSatisfiable(header, size);
        }
    }
}
