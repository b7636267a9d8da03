package io.lading.puller.client;

import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.RequestBody;

/**
 * One request to the registry, described as data so the transport can authenticate, retry and report it:
 * {@code action} names it in error messages ("pulling manifest models/a:v1"), {@code scopes} are the token
 * scopes it needs, and {@code retryable} says whether sending it twice is harmless.
 */
record RegistryCall(String action, String method, HttpUrl url, Map<String, String> headers, RequestBody body,
                    List<String> scopes, boolean retryable) {

    RegistryCall {
        headers = Map.copyOf(headers);
        scopes = List.copyOf(scopes);
    }

    static RegistryCall get(String action, HttpUrl url, List<String> scopes) {
        return new RegistryCall(action, "GET", url, Map.of(), null, scopes, true);
    }

    RegistryCall withHeaders(Map<String, String> more) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putAll(more);
        return new RegistryCall(action, method, url, all, body, scopes, retryable);
    }
}
