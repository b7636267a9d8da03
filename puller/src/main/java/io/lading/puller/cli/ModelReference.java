package io.lading.puller.cli;

import io.lading.spec.digest.Digest;
import io.lading.spec.name.DigestReference;
import io.lading.spec.name.Reference;
import io.lading.spec.name.RepositoryName;
import io.lading.spec.name.Tag;

/**
 * A model version as commands take it: {@code <repository>:<tag>} or {@code <repository>@<digest>}, checked
 * before any request. After {@code @} only a digest is accepted; a {@code :} is a tag separator only after the
 * last {@code /}, so a registry port is never taken for one.
 */
record ModelReference(RepositoryName repository, Reference reference) {

    static ModelReference parse(String target) {
        int at = target.indexOf('@');
        int colon = target.lastIndexOf(':');
        int split = at > 0 ? at : colon > 0 && target.indexOf('/', colon) < 0 ? colon : -1;
        if (split <= 0) {
            throw new CliFailure("'" + target + "' is not <repository>@<digest> or <repository>:<tag>");
        }
        try {
            RepositoryName repository = RepositoryName.parse(target.substring(0, split));
            String reference = target.substring(split + 1);
            return new ModelReference(repository, at > 0 ? new DigestReference(Digest.parse(reference)) : Tag.parse(reference));
        } catch (IllegalArgumentException e) {
            throw new CliFailure("'" + target + "' is not a valid reference: " + e.getMessage());
        }
    }
}
