package io.lading.spec.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API, written down once as data. Ids follow the distribution spec's endpoint table
 * (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#endpoints); the server routes
 * with these patterns and the tests name these ids. Names are captured loosely and validated afterwards,
 * so that a bad name is answered with NAME_INVALID instead of a 404.
 * Order matters: more specific patterns come first.
 */
public enum Endpoint {
    BASE("end-1", "GET|HEAD", "/v2/?"),
    CATALOG("catalog", "GET", "/v2/_catalog"),
    UPLOAD_START("end-4", "POST", "/v2/(?<name>.+)/blobs/uploads/?"),
    UPLOAD_SESSION("end-5/6/13", "GET|PATCH|PUT|DELETE", "/v2/(?<name>.+)/blobs/uploads/(?<id>[^/]+)"),
    BLOB("end-2/10", "GET|HEAD|DELETE", "/v2/(?<name>.+)/blobs/(?<digest>[^/]+)"),
    MANIFEST("end-3/7/9", "GET|HEAD|PUT|DELETE", "/v2/(?<name>.+)/manifests/(?<reference>[^/]+)"),
    TAGS("end-8", "GET", "/v2/(?<name>.+)/tags/list"),
    REFERRERS("end-12", "GET", "/v2/(?<name>.+)/referrers/(?<digest>[^/]+)"),
    CHUNK_INDEX("lading-chunks", "GET", "/lading/v1/blobs/(?<digest>[^/]+)/chunks"),
    ADMIN_ROBOTS("lading-admin", "POST", "/lading/v1/admin/robots"),
    ADMIN_PRINCIPALS("lading-admin", "GET", "/lading/v1/admin/principals"),
    ADMIN_PRINCIPAL("lading-admin", "DELETE", "/lading/v1/admin/principals/(?<principal>[^/]+)"),
    ADMIN_GRANTS("lading-admin", "GET|POST", "/lading/v1/admin/grants"),
    ADMIN_GRANT("lading-admin", "DELETE", "/lading/v1/admin/grants/(?<id>[0-9]{1,18})"),
    ADMIN_AUDIT("lading-admin", "GET", "/lading/v1/admin/audit"),
    // The control plane (spec/control-plane.md). Ids and names are captured loosely and validated by the handlers.
    HOSTS("lading-hosts", "GET", "/lading/v1/hosts"),
    HOST_DESIRED("lading-hosts", "GET", "/lading/v1/hosts/(?<host>[^/]+)/desired"),
    HOST("lading-hosts", "GET|PUT", "/lading/v1/hosts/(?<host>[^/]+)"),
    ROLLOUTS("lading-rollouts", "GET|POST", "/lading/v1/rollouts"),
    ROLLOUT_ACTION("lading-rollouts", "POST", "/lading/v1/rollouts/(?<id>[^/]+)/(?<action>pause|resume|abort|rollback|promote)"),
    ROLLOUT("lading-rollouts", "GET", "/lading/v1/rollouts/(?<id>[^/]+)"),
    /** The channel name "history" is reserved, so a model name never swallows the history suffix. */
    CHANNEL_HISTORY("lading-channels", "GET", "/lading/v1/channels/(?<name>.+)/(?<channel>[^/]+)/history"),
    CHANNEL("lading-channels", "GET|PUT", "/lading/v1/channels/(?<name>.+)/(?<channel>[^/]+)");

    private final String specId;
    private final Pattern methods;
    private final Pattern path;

    Endpoint(String specId, String methods, String path) {
        this.specId = specId;
        this.methods = Pattern.compile(methods);
        this.path = Pattern.compile(path);
    }

    public String specId() {
        return specId;
    }

    public boolean allows(String method) {
        return methods.matcher(method).matches();
    }

    /** The first endpoint whose path matches, whatever the method; the caller answers 405 for a wrong method. */
    public static Optional<Match> match(String path) {
        for (Endpoint e : values()) {
            Matcher m = e.path.matcher(path);
            if (m.matches()) {
                return Optional.of(new Match(e, m));
            }
        }
        return Optional.empty();
    }

    /** A path matched to an endpoint, with its captured parts. */
    public record Match(Endpoint endpoint, Matcher matcher) {
        public String group(String name) {
            return matcher.group(name);
        }
    }
}
