package io.lading.spec.api;

/** Header names of the distribution spec and of Lading's own APIs, declared once. */
public final class Headers {
    public static final String DOCKER_CONTENT_DIGEST = "Docker-Content-Digest";
    public static final String DOCKER_UPLOAD_UUID = "Docker-Upload-UUID";
    public static final String DOCKER_DISTRIBUTION_API_VERSION = "Docker-Distribution-API-Version";
    public static final String API_VERSION_VALUE = "registry/2.0";
    public static final String OCI_SUBJECT = "OCI-Subject";
    public static final String OCI_FILTERS_APPLIED = "OCI-Filters-Applied";
    public static final String OCI_CHUNK_MIN_LENGTH = "OCI-Chunk-Min-Length";
    public static final String LOCATION = "Location";
    public static final String RANGE = "Range";
    public static final String CONTENT_RANGE = "Content-Range";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String ACCEPT = "Accept";
    public static final String ACCEPT_RANGES = "Accept-Ranges";
    public static final String LINK = "Link";
    public static final String ETAG = "ETag";
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    private Headers() {
    }
}
