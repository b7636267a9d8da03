package io.lading.spec.digest;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:ab12...}. One that exists has been validated:
 * a known algorithm and lower-case hex of the algorithm's length, so it is safe to use in a path.
 * See https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#digests
 */
public record Digest(DigestAlgorithm algorithm, String hex) implements Comparable<Digest> {
    /** The grammar of the image spec; anything matching it with an unknown algorithm is "unsupported". */
    private static final Pattern GRAMMAR =
            Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");
    /** No digest string we accept is longer; bounds work done on hostile input. */
    private static final int MAX_LENGTH = 7 + 128;

    public Digest {
        if (algorithm == null || hex == null) {
            throw new InvalidDigestException("digest needs an algorithm and an encoded part", false);
        }
        if (hex.length() != algorithm.hexLength() || !LOWER_HEX.matcher(hex).matches()) {
            throw new InvalidDigestException("a " + algorithm.id() + " digest must be "
                    + algorithm.hexLength() + " lower-case hex characters, got '" + abbreviate(hex) + "'", false);
        }
    }

    public static Digest parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new InvalidDigestException("digest is empty", false);
        }
        if (s.length() > MAX_LENGTH * 2 || !GRAMMAR.matcher(s).matches()) {
            throw new InvalidDigestException("'" + abbreviate(s) + "' is not a digest of the form <algorithm>:<hex>", false);
        }
        int colon = s.indexOf(':');
        String algorithmId = s.substring(0, colon);
        DigestAlgorithm algorithm = DigestAlgorithm.byId(algorithmId)
                .orElseThrow(() -> new InvalidDigestException(
                        "digest algorithm '" + algorithmId + "' is not supported (use sha256 or sha512)", true));
        return new Digest(algorithm, s.substring(colon + 1));
    }

    public static boolean looksLikeDigest(String s) {
        return s != null && s.indexOf(':') > 0;
    }

    public static Digest of(DigestAlgorithm algorithm, byte[] raw) {
        return new Digest(algorithm, HexFormat.of().formatHex(raw));
    }

    public static Digest sha256Of(byte[] content) {
        return of(DigestAlgorithm.SHA256, DigestAlgorithm.SHA256.newMessageDigest().digest(content));
    }

    public static Digest compute(DigestAlgorithm algorithm, byte[] content) {
        return of(algorithm, algorithm.newMessageDigest().digest(content));
    }

    /** Two-level fan-out used by every content-addressed tree we keep: {@code sha256/ab/abcdef...}. */
    public String relativePath() {
        return algorithm.id() + "/" + hex.substring(0, 2) + "/" + hex;
    }

    @Override
    public String toString() {
        return algorithm.id() + ":" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
