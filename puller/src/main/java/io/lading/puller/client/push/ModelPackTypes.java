package io.lading.puller.client.push;

import io.lading.spec.manifest.MediaTypes;
import java.util.Locale;

/**
 * The ModelPack layer type a pushed file gets, by its name (https://github.com/modelpack/model-spec,
 * specs-go/v1/mediatype.go); the types themselves are declared in {@link MediaTypes}.
 */
final class ModelPackTypes {
    private ModelPackTypes() {
    }

    static String layerType(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.startsWith("readme") || name.startsWith("license") || name.endsWith(".md")) {
            return MediaTypes.MODEL_DOC_RAW;
        }
        if (name.endsWith(".json") || name.endsWith(".txt") || name.endsWith(".jinja") || name.startsWith("tokenizer")
                || name.endsWith(".tiktoken")) {
            return MediaTypes.MODEL_WEIGHT_CONFIG_RAW;
        }
        return MediaTypes.MODEL_WEIGHT_RAW;
    }
}
