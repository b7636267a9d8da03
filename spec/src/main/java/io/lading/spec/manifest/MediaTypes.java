package io.lading.spec.manifest;

import java.util.Set;

/** Media types the registry and puller understand, declared once. */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /** ModelPack (CNCF model spec) artifact and config types: https://github.com/modelpack/model-spec */
    public static final String MODEL_ARTIFACT = "application/vnd.cncf.model.manifest.v1+json";
    public static final String MODEL_CONFIG = "application/vnd.cncf.model.config.v1+json";
    public static final String MODEL_WEIGHT_RAW = "application/vnd.cncf.model.weight.v1.raw";
    /** Unarchived files that configure the weights: config.json, tokenizer files, the safetensors index. */
    public static final String MODEL_WEIGHT_CONFIG_RAW = "application/vnd.cncf.model.weight.config.v1.raw";
    /** Unarchived documentation: README, LICENSE. */
    public static final String MODEL_DOC_RAW = "application/vnd.cncf.model.doc.v1.raw";

    /** A Sigstore bundle (cosign v3 and lading sign attach one per signature as a referrer): spec/trust-policy.md. */
    public static final String SIGSTORE_BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /** Lading's chunk index document, served at {@code /lading/v1/blobs/<digest>/chunks}. */
    public static final String CHUNK_INDEX = "application/vnd.lading.chunk-index.v1+json";

    public static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);
    public static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

    private MediaTypes() {
    }
}
