package io.lading.puller.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RegistryOptionsTest {
    private static RegistryOptions parse(String... args) {
        PushCommand push = new PushCommand();
        new CommandLine(push).parseArgs(args);
        return push.options;
    }

    @Test
    void givenHostAndPort_whenNoScheme_thenHttpsUnlessPlainHttp() {
        assertEquals("https://registry.local:5000", parse("--registry", "registry.local:5000", "m/a:v1", "dir").url());
        assertEquals("http://registry.local:5000", parse("--registry", "registry.local:5000", "--plain-http", "m/a:v1", "dir").url());
        assertEquals("http://127.0.0.1:5000", parse("--registry", "http://127.0.0.1:5000", "m/a:v1", "dir").url());
    }

    @Test
    void givenOrasAndOldSpellings_whenParsed_thenTheyNameTheSameOptions() {
        RegistryOptions oras = parse("-u", "robot", "-p", "s3cret", "m/a:v1", "dir");
        RegistryOptions old = parse("--user", "robot", "--password", "s3cret", "m/a:v1", "dir");

        assertEquals("robot", oras.user);
        assertEquals(oras.user, old.user);
        assertEquals(oras.password, old.password);
    }
}
