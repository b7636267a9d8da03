package io.lading.registry;

import static org.junit.jupiter.api.Assertions.*;

import io.lading.registry.testing.TestRegistries;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a keystore configured the registry speaks HTTPS, and only HTTPS, on its port. */
class TlsIT {
    @TempDir
    Path dir;

    @Test
    void givenAKeystore_thenTheRegistryServesHttps() throws Exception {
        Path keystore = dir.resolve("registry.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "lading", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        try (RunningRegistry registry = TestRegistries.start(dir.resolve("data"), TestRegistries.freshSchema(),
                "--tls-keystore", keystore.toString(), "--tls-keystore-password", "changeit")) {
            assertEquals("https", registry.url().getScheme());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            var r = https.send(HttpRequest.newBuilder(registry.url().resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            URI plain = URI.create("http://127.0.0.1:" + registry.url().getPort() + "/v2/");
            assertThrows(Exception.class, () -> {
                var p = HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain).build(), HttpResponse.BodyHandlers.ofString());
                if (p.statusCode() == 200) {
                    return;
                }
                throw new IllegalStateException("plain HTTP answered " + p.statusCode());
            });
        }
    }
}
