package io.lading.puller.activate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * POSTs the activation to the inference server's reload endpoint as JSON
 * ({@code {"model":…,"version":…,"path":…}}, the same fields the command hook gets in its environment).
 * A 2xx answer within the timeout is success; any other status, a refused connection or the timeout is
 * failure, reported with the status and the first line of the body.
 */
public record HttpHook(URI url, Duration timeout) implements Hook {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    /**
     * One connection pool and dispatcher for every hook; each call gets its own timeout from it. No retry
     * (a reload must not run twice) and no redirect (it would turn the POST into a GET): either is failure.
     */
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .retryOnConnectionFailure(false).followRedirects(false).build();

    public HttpHook {
        String scheme = url == null ? null : url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("the on-activate URL must be http or https, got '" + url + "'");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the hook timeout must be positive, got " + timeout);
        }
    }

    @Override
    public void fire(Event event) throws Failed {
        OkHttpClient client = SHARED.newBuilder().callTimeout(timeout).build();
        // POST <url> with the activation as a JSON body
        Request request = new Request.Builder().url(url.toString()).post(RequestBody.create(body(event), JSON_TYPE)).build();
        try (Response response = client.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                String line = FirstLine.of(response.body().byteStream());
                throw new Failed("on-activate POST " + url + " answered " + response.code() + (line.isEmpty() ? "" : ": " + line));
            }
        } catch (InterruptedIOException e) {
            throw new Failed("on-activate POST " + url + " got no answer within " + timeout.toMillis() + " ms and was aborted");
        } catch (IOException e) {
            throw new Failed("on-activate POST " + url + " failed: " + e.getMessage());
        }
    }

    static byte[] body(Event event) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("model", event.model().value());
        body.put("version", event.version().toString());
        body.put("path", event.path().toString());
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
