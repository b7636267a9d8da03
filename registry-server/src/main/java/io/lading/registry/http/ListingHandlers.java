package io.lading.registry.http;

import io.javalin.http.Context;
import io.lading.registry.listing.ListingService;
import io.lading.registry.listing.Page;
import io.lading.spec.api.Endpoint;
import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.RepositoryName;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** end-8 (tags list), the catalog, and end-12 (referrers). */
final class ListingHandlers {
    private static final String JSON = "application/json";

    private final ListingService listings;

    ListingHandlers(ListingService listings) {
        this.listings = listings;
    }

    void tags(Context ctx, Endpoint.Match m) {
        RepositoryName repository = Requests.repository(m.group("name"));
        int n = Requests.pageSize(ctx);
        Page page = listings.tags(repository, n, ctx.queryParam("last"));
        link(ctx, "/v2/" + repository + "/tags/list", n, page);
        Responses.json(ctx, 200, JSON, new TagList(repository.value(), page.items()));
    }

    void catalog(Context ctx) {
        int n = Requests.pageSize(ctx);
        CallerAccess caller = CallerAccess.of(ctx);
        Page page = listings.catalog(n, ctx.queryParam("last"), name -> caller.maySee(RepositoryName.parse(name)));
        link(ctx, "/v2/_catalog", n, page);
        Responses.json(ctx, 200, JSON, new Catalog(page.items()));
    }

    void referrers(Context ctx, Endpoint.Match m) {
        RepositoryName repository = Requests.repository(m.group("name"));
        Digest subject = Requests.digest(m.group("digest"));
        String artifactType = ctx.queryParam("artifactType");
        if (artifactType != null && artifactType.isEmpty()) {
            artifactType = null;
        }
        List<Descriptor> referrers = listings.referrers(repository, subject, artifactType);
        if (artifactType != null) {
            ctx.header(Headers.OCI_FILTERS_APPLIED, "artifactType");
        }
        Responses.json(ctx, 200, MediaTypes.OCI_INDEX,
                new ReferrersIndex(2, MediaTypes.OCI_INDEX, referrers));
    }

    /** end-8's response body. */
    record TagList(String name, List<String> tags) {
    }

    /** The catalog's response body. */
    record Catalog(List<String> repositories) {
    }

    /** The image index a referrers response is (image-spec 1.1). */
    record ReferrersIndex(int schemaVersion, String mediaType, List<Descriptor> manifests) {
    }

    /** RFC 5988 link to the next page, as the spec's pagination describes. */
    private static void link(Context ctx, String path, int n, Page page) {
        page.next().ifPresent(last -> ctx.header(Headers.LINK,
                "<" + path + "?n=" + n + "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8) + ">; rel=\"next\""));
    }
}
