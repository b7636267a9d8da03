package io.lading.registry;

import io.lading.registry.config.RegistryConfig;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Serves HTTPS from a PKCS#12 keystore when one is configured; plain HTTP otherwise. */
final class Tls {
    private Tls() {
    }

    static Consumer<Server> customizer(RegistryConfig config) {
        return server -> config.tlsKeystore().ifPresent(keystore -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(keystore.toString());
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStorePassword(config.tlsKeystorePassword());
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            HttpConfiguration https = new HttpConfiguration();
            https.addCustomizer(new SecureRequestCustomizer(false));
            https.setSendServerVersion(false);
            ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
            connector.setHost(config.host());
            connector.setPort(config.port());
            server.setConnectors(new Connector[] {connector});
        });
    }
}
