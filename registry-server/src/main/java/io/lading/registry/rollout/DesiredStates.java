package io.lading.registry.rollout;

import io.lading.registry.channel.ChannelName;
import io.lading.registry.channel.ChannelPointer;
import io.lading.registry.channel.Channels;
import io.lading.registry.fleet.HostState;
import io.lading.registry.fleet.ModelReport;
import io.lading.spec.digest.Digest;
import io.lading.spec.name.RepositoryName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * A host's desired state, computed from memory (channels and live rollouts) by the rules of
 * spec/control-plane.md ("Which models"): an unfinished rollout that targets the host, else the newest
 * aborted or rolled-back rollout that still pins it, else the channel pointer.
 */
public final class DesiredStates {
    private final Channels channels;
    private final Rollouts rollouts;

    public DesiredStates(Channels channels, Rollouts rollouts) {
        this.channels = channels;
        this.rollouts = rollouts;
    }

    /**
     * {@code active} null: no opinion; {@code rollout} null: the channel decided; {@code rollback}: an operator (or
     * a rollout's failure policy) rolled the host back to the version it ran before, which lets a host whose trust
     * policy refuses older versions go back to its previous one.
     */
    public record ModelDesired(RepositoryName model, ChannelName channel, Digest active, List<Digest> prefetch, String rollout,
                               boolean rollback) {
    }

    public record Desired(String hostId, String generation, List<ModelDesired> models) {
    }

    /** The desired state of the models the host serves and the caller may pull. */
    public Desired of(HostState host, Predicate<RepositoryName> mayPull) {
        List<ModelDesired> models = new ArrayList<>();
        for (ModelReport r : host.models().values()) {
            if (mayPull.test(r.model())) {
                models.add(decide(host, r.model(), r.channel()));
            }
        }
        return new Desired(host.id().value(), generation(models), List.copyOf(models));
    }

    private ModelDesired decide(HostState host, RepositoryName model, ChannelName channel) {
        ChannelPointer pointer = channels.current(model, channel).orElse(null);
        Rollout pin = null;
        for (Rollout r : rollouts.live()) {
            if (!r.model().equals(model) || !r.channel().equals(channel) || !r.hosts().containsKey(host.id())) {
                continue;
            }
            RolloutHost h = r.hosts().get(host.id());
            if (r.state().unfinished()) {
                return new ModelDesired(model, channel, r.activatedFor(h) ? r.target() : h.before(), List.of(r.target()), r.wireId(),
                        false);
            }
            boolean pins = (r.state() == RolloutState.ABORTED || r.state() == RolloutState.ROLLED_BACK)
                    && (pointer == null || r.finishedAt().isAfter(pointer.movedAt()));
            if (pins && (pin == null || r.id() > pin.id())) {
                pin = r;
            }
        }
        if (pin != null) {
            RolloutHost h = pin.hosts().get(host.id());
            Digest active = pin.state() == RolloutState.ABORTED && pin.activatedFor(h) ? pin.target() : h.before();
            boolean rollback = pin.state() == RolloutState.ROLLED_BACK && active != null;
            return new ModelDesired(model, channel, active, List.of(), pin.wireId(), rollback);
        }
        return new ModelDesired(model, channel, pointer == null ? null : pointer.version(), List.of(), null, false);
    }

    /** Opaque, and changes exactly when the models list does: a hash of it. */
    static String generation(List<ModelDesired> models) {
        StringBuilder s = new StringBuilder();
        for (ModelDesired m : models) {
            s.append(m.model()).append('\n').append(m.channel()).append('\n').append(m.active()).append('\n')
                    .append(m.prefetch()).append('\n').append(m.rollout()).append('\n').append(m.rollback()).append('\n');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
