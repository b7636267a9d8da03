/**
 * The registry client: one small class per HTTP step, behind the {@link io.lading.puller.client.RegistryClient}
 * facade.
 *
 * <pre>
 * RegistryClient      facade; also the JSON calls of Lading's admin API
 *  ├ ManifestEndpoint GET/PUT /v2/&lt;name&gt;/manifests/&lt;ref&gt;     exact bytes, digest computed here
 *  ├ BlobReader       HEAD/GET /v2/&lt;name&gt;/blobs/&lt;digest&gt;     Range checked; GET /lading/v1/blobs/&lt;d&gt;/chunks
 *  ├ BlobUploader     POST/PATCH/PUT /v2/&lt;name&gt;/blobs/uploads/ mount, monolithic, chunked with resume
 *  └ ReferrersReader  GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;    Link pages, client-side artifactType filter
 * Transport           credentials per call: cached token, token up front when the realm is known, 401 -&gt; token -&gt; retry
 *  ├ BearerTokens     token endpoint; cache per scope set until shortly before expiry; one fetch per scope at a time
 *  └ RetryingHttp     5xx, 429 (Retry-After) and broken connections, exponential backoff with full jitter
 * </pre>
 *
 * Every failure is a {@link io.lading.puller.client.RegistryException} (an {@link java.io.IOException}) whose
 * message is one line: what was tried, the HTTP status, and the OCI error code and message. The {@code push}
 * subpackage turns a directory of shards into a ModelPack artifact with this client.
 */
package io.lading.puller.client;
