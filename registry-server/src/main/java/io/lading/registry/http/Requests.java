package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.failure.RegistryFailure;
import io.lading.spec.api.Limits;
import io.lading.spec.digest.Digest;
import io.lading.spec.digest.InvalidDigestException;
import io.lading.spec.name.InvalidNameException;
import io.lading.spec.name.Reference;
import io.lading.spec.name.RepositoryName;
import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/** Turns the raw strings of a request into validated values, or the failure that names what is wrong. */
final class Requests {
    private Requests() {
    }

    static RepositoryName repository(String raw) {
        try {
            return RepositoryName.parse(raw);
        } catch (InvalidNameException e) {
            throw new RegistryFailure.NameInvalid(e.getMessage());
        }
    }

    static Digest digest(String raw) {
        try {
            return Digest.parse(raw);
        } catch (InvalidDigestException e) {
            throw new RegistryFailure.DigestInvalid(e.getMessage());
        }
    }

    static Reference reference(String raw) {
        try {
            return Reference.parse(raw);
        } catch (InvalidDigestException e) {
            throw new RegistryFailure.DigestInvalid(e.getMessage());
        } catch (InvalidNameException e) {
            throw new RegistryFailure.TagInvalid(e.getMessage());
        }
    }

    static OptionalLong contentLength(Context ctx) {
        long n = ctx.req().getContentLengthLong();
        return n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
    }

    static InputStream body(Context ctx) {
        try {
            return ctx.req().getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code n} of a listing: absent means the default page, larger than the maximum is cut to it. */
    static int pageSize(Context ctx) {
        String raw = ctx.queryParam("n");
        if (raw == null || raw.isEmpty()) {
            return Limits.DEFAULT_PAGE_SIZE;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.min(n, Limits.MAX_PAGE_SIZE);
        } catch (NumberFormatException e) {
            throw new RegistryFailure.PaginationInvalid("n must be a non-negative integer, got '" + raw + "'");
        }
    }
}
