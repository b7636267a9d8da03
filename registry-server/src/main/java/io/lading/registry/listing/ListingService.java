package io.lading.registry.listing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lading.registry.db.Database;
import io.lading.registry.db.ManifestDao;
import io.lading.registry.db.RepositoryDao;
import io.lading.registry.db.TagDao;
import io.lading.registry.failure.RegistryFailure;
import io.lading.spec.digest.Digest;
import io.lading.spec.manifest.Descriptor;
import io.lading.spec.name.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.Map;

/** Tag lists (end-8), the catalog, and referrers (end-12). */
public final class ListingService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final RepositoryDao repositories;
    private final TagDao tags;
    private final ManifestDao manifests;

    public ListingService(Database db, RepositoryDao repositories, TagDao tags, ManifestDao manifests) {
        this.db = db;
        this.repositories = repositories;
        this.tags = tags;
        this.manifests = manifests;
    }

    public Page tags(RepositoryName repository, int n, String last) {
        return db.transaction(tx -> {
            long repo = repositories.findId(tx, repository).orElseThrow(() -> new RegistryFailure.NameUnknown(repository.value()));
            return Page.of(tags.page(tx, repo, last, n + 1), n);
        });
    }

    /** A page of the repositories the caller may see; invisible names are skipped, not counted. */
    public Page catalog(int n, String last, Predicate<String> visible) {
        return db.transaction(tx -> {
            List<String> shown = new ArrayList<>();
            String cursor = last;
            while (shown.size() <= n) {
                List<String> batch = repositories.page(tx, cursor, CATALOG_BATCH);
                batch.stream().filter(visible).limit(n + 1L - shown.size()).forEach(shown::add);
                if (batch.size() < CATALOG_BATCH) {
                    break;
                }
                cursor = batch.get(batch.size() - 1);
            }
            return Page.of(shown, n);
        });
    }

    /** Rows read per round while filtering the catalog. */
    private static final int CATALOG_BATCH = 500;

    /**
     * Manifests in the repository whose subject is {@code subject}. An unknown repository or subject has
     * no referrers, which is an empty list, not an error: signers probe with digests that do not exist yet.
     */
    public List<Descriptor> referrers(RepositoryName repository, Digest subject, String artifactType) {
        return db.transaction(tx -> repositories.findId(tx, repository)
                .map(repo -> manifests.referrers(tx, repo, subject, artifactType))
                .orElse(List.of()))
                .stream()
                .map(r -> new Descriptor(r.mediaType(), r.digest(), r.size(), r.artifactType(), annotations(r.annotationsJson()), null, null))
                .toList();
    }

    private static Map<String, String> annotations(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored annotations are always a JSON object of strings", e);
        }
    }
}
