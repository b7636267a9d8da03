/**
 * Peer scheduling for one blob, as pure decisions (issue 6, spec/peers.md "Scheduling"): {@link
 * io.lading.puller.swarm.SwarmScheduler} takes what the tracker says peers hold, what is in flight, bans and the
 * time, and answers which chunk to fetch next from which {@link io.lading.puller.swarm.Source}, or to wait. No
 * I/O and no threads here, so the fetch engine and the fleet simulator drive the very same code.
 *
 * <p>Depends on nothing of ours; {@code fetch} and {@code peer} depend on it.
 */
package io.lading.puller.swarm;
