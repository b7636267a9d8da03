package io.lading.puller.client;

import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import okhttp3.HttpUrl;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pushing blobs (distribution spec end-4, end-5, end-6, end-13): a cross-repository mount when a source is
 * named, one POST for small blobs, and for large ones a session fed by PATCH chunks. A chunk that fails
 * (broken connection, 5xx) is not blindly re-sent: the client asks the session how many bytes it holds
 * (GET, {@code Range: 0-<last>}) and resumes from there.
 */
final class BlobUploader {
    private final Transport transport;
    private final UploadSettings settings;
    private final RetryPolicy policy;
    private final RetryListener listener;

    BlobUploader(Transport transport, UploadSettings settings, RetryPolicy policy, RetryListener listener) {
        this.transport = transport;
        this.settings = settings;
        this.policy = policy;
        this.listener = listener;
    }

    UploadOutcome upload(RepositoryName repository, Digest digest, long size, BlobBody body, RepositoryName mountFrom, LongConsumer progress)
            throws IOException {
        String action = "pushing blob " + digest + " (" + size + " bytes) to " + repository;
        List<String> scopes = new ArrayList<>(Scopes.push(repository));
        HttpUrl.Builder start = transport.url("v2/" + repository + "/blobs/uploads/").newBuilder();
        if (mountFrom != null) {
            // Mounting needs pull on the source too; asking for it up front keeps the token from silently lacking it.
            scopes.addAll(Scopes.pull(mountFrom));
            start.addQueryParameter("mount", digest.toString()).addQueryParameter("from", mountFrom.value());
        } else if (size <= settings.monolithicLimit()) {
            // POST /v2/<name>/blobs/uploads/?digest=<digest> with the whole blob: one request, safe to repeat.
            start.addQueryParameter("digest", digest.toString());
            RegistryCall call = new RegistryCall(action, "POST", start.build(), Map.of(), body.range(0, size, progress), scopes, true);
            try (Response r = transport.expect(call, 201)) {
                checkDigest(action, r, digest);
                return UploadOutcome.UPLOADED;
            }
        }
        // POST /v2/<name>/blobs/uploads/[?mount=<digest>&from=<other>]: a retry only leaves an idle session behind.
        RegistryCall open = new RegistryCall(action, "POST", start.build(), Map.of(), RequestBody.create(new byte[0]), scopes, true);
        HttpUrl session;
        try (Response r = transport.expect(open, 201, 202)) {
            if (r.code() == 201) {
                return UploadOutcome.MOUNTED;
            }
            session = transport.resolve(r, r.header(Headers.LOCATION));
        }
        if (size <= settings.monolithicLimit()) {
            finish(action, session, digest, body.range(0, size, progress), scopes);
        } else {
            finish(action, sendChunks(action, session, size, body, scopes, progress), digest, RequestBody.create(new byte[0]), scopes);
        }
        return UploadOutcome.UPLOADED;
    }

    /** PATCHes every chunk in order, resuming after failures; returns the session URL for the final PUT. */
    private HttpUrl sendChunks(String action, HttpUrl session, long size, BlobBody body, List<String> scopes, LongConsumer progress)
            throws IOException {
        long committed = 0;
        int failures = 0;
        while (committed < size) {
            long length = Math.min(settings.chunkSize(), size - committed);
            long[] sent = {0};
            // PATCH <session> with Content-Range: <first>-<last>
            RegistryCall patch = new RegistryCall(action, "PATCH", session, Map.of(Headers.CONTENT_RANGE, committed + "-" + (committed + length - 1)),
                    body.range(committed, length, n -> {
                        sent[0] += n;
                        progress.accept(n);
                    }), scopes, false);
            String failure;
            try (Response r = transport.execute(patch)) {
                if (r.code() == 202) {
                    session = transport.resolve(r, r.header(Headers.LOCATION));
                    committed += length;
                    failures = 0;
                    continue;
                }
                if (r.code() < 500 && r.code() != 416 && r.code() != 408) {
                    throw RegistryException.from(action, r);
                }
                failure = "HTTP " + r.code();
            } catch (RegistryException e) {
                throw e;
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            progress.accept(-sent[0]);
            if (++failures >= policy.maxAttempts()) {
                throw new IOException(action + ": chunk at byte " + committed + " failed " + failures + " times, last with " + failure);
            }
            var wait = policy.backoff(failures);
            listener.retrying(action, failures, failure + " at byte " + committed + "; resuming from the upload's status", wait);
            RetryPolicy.sleep(wait);
            long before = committed;
            Status status = status(action, session, scopes, committed);
            session = status.session();
            committed = status.committed();
            progress.accept(committed - before);
        }
        return session;
    }

    private record Status(HttpUrl session, long committed) {
    }

    // GET <session>: 204 with Range: 0-<last byte held>
    private Status status(String action, HttpUrl session, List<String> scopes, long believed) throws IOException {
        RegistryCall call = RegistryCall.get(action + " (upload status)", session, scopes);
        try (Response r = transport.expect(call, 204, 200)) {
            String range = r.header(Headers.RANGE);
            long committed = 0;
            if (range != null && range.matches("(bytes=)?0-\\d+")) {
                long last = Long.parseLong(range.substring(range.indexOf('-') + 1));
                // "0-0" means both "nothing" and "one byte"; only what we sent before can tell them apart.
                committed = last == 0 ? Math.min(believed, 1) : last + 1;
            }
            String location = r.header(Headers.LOCATION);
            return new Status(location == null ? session : transport.resolve(r, location), committed);
        }
    }

    // PUT <session>?digest=<digest>
    private void finish(String action, HttpUrl session, Digest digest, RequestBody last, List<String> scopes) throws IOException {
        HttpUrl url = session.newBuilder().addQueryParameter("digest", digest.toString()).build();
        try (Response r = transport.expect(new RegistryCall(action, "PUT", url, Map.of(), last, scopes, false), 201)) {
            checkDigest(action, r, digest);
        }
    }

    private static void checkDigest(String action, Response r, Digest digest) throws RegistryException {
        String told = r.header(Headers.DOCKER_CONTENT_DIGEST);
        if (told != null && !told.equals(digest.toString())) {
            throw new RegistryException(action + ": the registry stored " + told + " instead", r.code(), null);
        }
    }
}
