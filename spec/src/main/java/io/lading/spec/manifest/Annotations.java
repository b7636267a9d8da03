package io.lading.spec.manifest;

/** Descriptor annotations Lading writes or reads, declared once. */
public final class Annotations {
    /** The file name a layer is restored under: image-spec annotations.md, pre-defined keys. */
    public static final String TITLE = "org.opencontainers.image.title";

    private Annotations() {
    }
}
