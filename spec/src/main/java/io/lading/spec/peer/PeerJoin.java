package io.lading.spec.peer;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Body of {@code PUT /lading/v1/peers/{peerId}} (spec/peers.md): where the peer server listens, and where the
 * host sits. Field names are the contract.
 */
public record PeerJoin(String url, Map<String, String> labels) {
    /** Long enough for any host name and port; a longer one is a mistake, not an address. */
    public static final int MAX_URL_LENGTH = 512;

    /** The peer server's base URL: absolute http or https with a host, no user info, query or fragment. */
    public static URI parseUrl(String url) {
        if (url == null || url.isEmpty()) {
            throw new IllegalArgumentException("url is required: the peer server's base, such as http://10.0.0.2:7071");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("url is " + url.length() + " characters; at most " + MAX_URL_LENGTH + " are allowed");
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url '" + url + "' is not a URL (" + e.getReason() + "); it must be http:// or"
                    + " https:// with a host, such as http://10.0.0.2:7071");
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null
                || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("url '" + url + "' must be http:// or https:// with a host,"
                    + " and no user info, query or fragment, such as http://10.0.0.2:7071");
        }
        return u;
    }
}
