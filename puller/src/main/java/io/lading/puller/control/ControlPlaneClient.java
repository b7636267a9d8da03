package io.lading.puller.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.puller.client.RegistryClient;
import io.lading.puller.client.RegistryException;
import io.lading.spec.auth.Action;
import io.lading.spec.auth.Scope;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;

/**
 * The two host calls of the control plane (spec/control-plane.md, Hosts), over the registry client's transport
 * (token flow, scopes). Both need {@code pull} on every followed model. Any answer but 200 is a
 * {@link RegistryException} carrying the registry's error code ({@code HOST_UNKNOWN} before the first heartbeat).
 */
public final class ControlPlaneClient {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final String HOSTS = "/lading/v1/hosts/";

    private final RegistryClient http;
    private final String hostId;
    private final List<String> scopes;

    /** {@code hostId} must already be checked ({@code [a-z0-9][a-z0-9._-]{0,62}}), so it is safe in a path. */
    public ControlPlaneClient(RegistryClient http, String hostId, List<RepositoryName> models) {
        this.http = http;
        this.hostId = hostId;
        this.scopes = models.stream().map(m -> Scope.repository(m, EnumSet.of(Action.PULL)).toString()).toList();
    }

    public String hostId() {
        return hostId;
    }

    /** {@code PUT /lading/v1/hosts/{hostId}}: registers the host or refreshes it; returns the registry's answer. */
    public HeartbeatAnswer heartbeat(HostReport report) throws IOException {
        String path = HOSTS + hostId;
        return read("heartbeat " + path, http.call("PUT", path, report, scopes), HeartbeatAnswer.class);
    }

    /**
     * {@code GET /lading/v1/hosts/{hostId}/desired?wait=&since=}: at once when {@code since} is null or stale, else
     * after up to {@code waitSeconds} (the registry holds the request until something changes).
     */
    public Desired desired(String since, int waitSeconds) throws IOException {
        String path = HOSTS + hostId + "/desired?wait=" + waitSeconds
                + (since == null ? "" : "&since=" + java.net.URLEncoder.encode(since, java.nio.charset.StandardCharsets.UTF_8));
        return read("long poll " + path, http.call("GET", path, null, scopes), Desired.class);
    }

    private static <T> T read(String action, RegistryClient.Reply reply, Class<T> type) throws IOException {
        if (reply.status() != 200 || reply.body() == null) {
            String code = reply.body() == null ? null : reply.body().path("errors").path(0).path("code").asText(null);
            throw new RegistryException(action + ": HTTP " + reply.status() + " " + RegistryClient.message(reply.body(), ""),
                    reply.status(), code);
        }
        return JSON.treeToValue(reply.body(), type);
    }

    /** The answer to a heartbeat: the registry's own cadence and when it will call this host lost. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record HeartbeatAnswer(String hostId, Integer heartbeatSeconds, Integer lostAfterSeconds, String generation) {
    }
}
