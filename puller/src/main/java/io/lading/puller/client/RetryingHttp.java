package io.lading.puller.client;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends one request, retrying what a healthy registry would answer on a later try: 5xx, 429 and broken
 * connections. Only requests that are safe to repeat are retried after a 5xx or a broken connection (the
 * first try may have taken effect); a 429 is always retried, since the registry did nothing. Every wait is
 * reported to the {@link RetryListener}, so tests and progress output can see them.
 */
final class RetryingHttp {
    private final OkHttpClient http;
    private final RetryPolicy policy;
    private final RetryListener listener;

    RetryingHttp(OkHttpClient http, RetryPolicy policy, RetryListener listener) {
        this.http = http;
        this.policy = policy;
        this.listener = listener;
    }

    /**
     * Returns the first answer that is not worth retrying (the caller closes it), or the last one when the
     * attempts run out; throws the last connection failure when no answer came at all.
     * {@code request} is called once per attempt, so each attempt can carry fresh headers.
     */
    Response send(String action, boolean retryable, Supplier<Request> request) throws IOException {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= policy.maxAttempts();
            Response response;
            try {
                response = http.newCall(request.get()).execute();
            } catch (IOException e) {
                if (last || !retryable || e instanceof java.io.InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    throw new IOException(action + " failed after " + attempt + " attempt(s): " + describe(e), e);
                }
                pause(action, attempt, describe(e), policy.backoff(attempt));
                continue;
            }
            int code = response.code();
            boolean tooMany = code == 429;
            boolean serverError = code >= 500 && code != 501 && code != 505;
            if (last || !(tooMany || serverError && retryable)) {
                return response;
            }
            Duration wait = tooMany ? policy.retryAfter(response.header("Retry-After"), attempt) : policy.backoff(attempt);
            response.close();
            pause(action, attempt, "HTTP " + code, wait);
        }
    }

    private void pause(String action, int attempt, String reason, Duration wait) throws IOException {
        listener.retrying(action, attempt, reason, wait);
        RetryPolicy.sleep(wait);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
