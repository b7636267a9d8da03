package io.lading.puller.client.push;

import io.lading.spec.manifest.MediaTypes;
import java.util.Locale;

/**
 * The ModelPack layer types a pushed file gets, by its name (https://github.com/modelpack/model-spec,
 * specs-go/v1/mediatype.go), and the OCI title annotation. The artifact, config and weight types come
 * from {@link MediaTypes} like every other type.
 */
final class ModelPackTypes {
    static final String WEIGHT_CONFIG_RAW = MediaTypes.MODEL_WEIGHT_CONFIG_RAW;
    static final String DOC_RAW = MediaTypes.MODEL_DOC_RAW;
    static final String TITLE = io.lading.spec.manifest.Annotations.TITLE;

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
