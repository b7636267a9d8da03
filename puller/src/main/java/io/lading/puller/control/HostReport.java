package io.lading.puller.control;

import java.util.List;
import java.util.Map;

/** The heartbeat body of {@code PUT /lading/v1/hosts/{hostId}}: the host's labels and what it runs, per model. */
public record HostReport(Map<String, String> labels, List<ModelReport> models) {

    public HostReport {
        labels = Map.copyOf(labels);
        models = List.copyOf(models);
    }

    /**
     * One model as the host has it: {@code active} and {@code previous} (null when none), the versions complete in
     * its cache, the sync state ({@code idle | pulling | verifying | activating | failed}), the last activation's
     * outcome and the last health probe (null when there is none).
     */
    public record ModelReport(String model, String channel, String active, String previous, List<String> cached, String state,
                              String error, ActivationResult lastActivation, HealthResult health) {
        public ModelReport {
            cached = List.copyOf(cached);
        }
    }

    /** The outcome of the last activation tried; {@code at} is RFC 3339 UTC. */
    public record ActivationResult(String version, boolean ok, String error, String at) {
    }

    /** The last probe of the model's health URL while a version was active. */
    public record HealthResult(boolean ok, String detail, String at) {
    }
}
