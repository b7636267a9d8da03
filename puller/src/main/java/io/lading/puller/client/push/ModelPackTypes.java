package io.lading.puller.client.push;

import io.lading.spec.manifest.MediaTypes;
import java.util.Locale;

/**
 * The ModelPack layer types a pushed file gets, by its name (https://github.com/modelpack/model-spec,
 * specs-go/v1/mediatype.go), and the OCI title annotation. The artifact, config and weight types come
 * from {@link MediaTypes}; the two below are not there yet and belong there (spec module) next.
 */
final class ModelPackTypes {
    /** Unarchived files that configure the weights: config.json, tokenizer files, the safetensors index. */
    static final String WEIGHT_CONFIG_RAW = "application/vnd.cncf.model.weight.config.v1.raw";
    /** Unarchived documentation: README, LICENSE. */
    static final String DOC_RAW = "application/vnd.cncf.model.doc.v1.raw";
    /** The file name a layer is restored under (image-spec annotations.md). */
    static final String TITLE = "org.opencontainers.image.title";

    private ModelPackTypes() {
    }

    static String layerType(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.startsWith("readme") || name.startsWith("license") || name.endsWith(".md")) {
            return DOC_RAW;
        }
        if (name.endsWith(".json") || name.endsWith(".txt") || name.endsWith(".jinja") || name.startsWith("tokenizer")
                || name.endsWith(".tiktoken")) {
            return WEIGHT_CONFIG_RAW;
        }
        return MediaTypes.MODEL_WEIGHT_RAW;
    }
}
