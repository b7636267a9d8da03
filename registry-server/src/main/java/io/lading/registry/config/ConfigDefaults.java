package io.lading.registry.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where a setting not given as a flag comes from, in order: the environment ({@code --data-dir} is
 * {@code LADING_DATA_DIR}), then the config file ({@code data-dir=...}), then the built-in default.
 * One rule for every option, so the README's reference table is the whole story.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
    private final Map<String, String> env;
    private final Properties file;

    public ConfigDefaults(Map<String, String> env, Properties file) {
        this.env = env;
        this.file = file;
    }

    public static Properties load(Path configFile) {
        Properties p = new Properties();
        if (configFile == null) {
            return p;
        }
        try (Reader r = Files.newBufferedReader(configFile)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + configFile + ": " + e.getMessage(), e);
        }
        return p;
    }

    public static String envName(String longOption) {
        return "LADING_" + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String longName = option.longestName();
        String fromEnv = env.get(envName(longName));
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        String fromFile = file.getProperty(longName.replaceFirst("^--", ""));
        return fromFile != null ? fromFile.trim() : option.defaultValue();
    }
}
