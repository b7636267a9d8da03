package io.lading.spec.peer;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The tracker's answer to a join or an announce: how often to heartbeat, and when the peer stops being offered.
 * {@code fresh} (joins only) says the tracker holds no blobs for the peer, so it should announce all it holds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PeerLease(int heartbeatSeconds, int expiresAfterSeconds, Boolean fresh) {
}
