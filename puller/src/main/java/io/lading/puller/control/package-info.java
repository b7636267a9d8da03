/**
 * The daemon's side of the rollout control plane (spec/control-plane.md, issue 7): it registers the host and
 * heartbeats what the host runs and caches ({@link io.lading.puller.control.Heartbeat}), long-polls the desired
 * state ({@link io.lading.puller.control.ControlPlaneState}, the daemon's
 * {@link io.lading.puller.daemon.DesiredState}), and probes the inference server's health after activation.
 * Depends on {@code daemon} (the seam it implements) and {@code client} (the transport), never the reverse;
 * only the composition root {@link io.lading.puller.daemon.RunningDaemon} builds it.
 */
package io.lading.puller.control;
