package io.lading.puller.client;

import io.lading.spec.api.Headers;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.manifest.InvalidManifestException;
import io.lading.spec.manifest.Manifest;
import io.lading.spec.manifest.MediaTypes;
import io.lading.spec.name.RepositoryName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * end-12: the manifests that name a digest as their subject (signatures, SBOMs), following {@code Link}
 * pages. When the registry did not apply the artifactType filter ({@code OCI-Filters-Applied} absent), the
 * client filters, as the spec asks of clients.
 */
final class ReferrersReader {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    /** A registry that keeps linking to further pages is broken; stop long before memory is at risk. */
    private static final int MAX_PAGES = 100;

    private final Transport transport;

    ReferrersReader(Transport transport) {
        this.transport = transport;
    }

    // GET /v2/<name>/referrers/<digest>?artifactType=<type>
    List<Descriptor> referrers(RepositoryName repository, Digest digest, String artifactType) throws IOException {
        String action = "listing referrers of " + repository + "@" + digest;
        HttpUrl.Builder first = transport.url("v2/" + repository + "/referrers/" + digest).newBuilder();
        if (artifactType != null) {
            first.addQueryParameter("artifactType", artifactType);
        }
        List<Descriptor> out = new ArrayList<>();
        HttpUrl url = first.build();
        for (int page = 0; url != null; page++) {
            if (page >= MAX_PAGES) {
                throw new RegistryException(action + ": more than " + MAX_PAGES + " pages", 0, null);
            }
            RegistryCall call = RegistryCall.get(action, url, Scopes.pull(repository)).withHeaders(Map.of(Headers.ACCEPT, MediaTypes.OCI_INDEX));
            try (Response r = transport.expect(call, 200)) {
                boolean filtered = r.header(Headers.OCI_FILTERS_APPLIED, "").contains("artifactType");
                for (Descriptor d : index(action, r).manifests()) {
                    if (artifactType == null || filtered || artifactType.equals(d.artifactType())) {
                        out.add(d);
                    }
                }
                url = next(r);
            }
        }
        return out;
    }

    private static Manifest index(String action, Response r) throws IOException {
        try {
            return Manifest.parse(r.body().bytes(), MediaTypes.OCI_INDEX);
        } catch (InvalidManifestException e) {
            throw new RegistryException(action + ": the answer is not an OCI index: " + e.getMessage(), r.code(), null);
        }
    }

    private static HttpUrl next(Response r) {
        String link = r.header(Headers.LINK);
        Matcher m = link == null ? null : NEXT.matcher(link);
        return m != null && m.find() ? r.request().url().resolve(m.group(1)) : null;
    }
}
