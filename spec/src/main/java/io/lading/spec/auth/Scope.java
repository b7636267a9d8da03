package io.lading.spec.auth;

import io.lading.spec.name.RepositoryName;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One scope of the registry token flow, {@code repository:<name>:<action>[,<action>...]}, or Lading's
 * {@code registry:admin:*} and Docker's {@code registry:catalog:*}.
 * See https://distribution.github.io/distribution/spec/auth/scope/
 * A scope that names an unknown action or an invalid repository is refused whole, never widened.
 */
public record Scope(String type, String name, Set<Action> actions) {
    public static final String REPOSITORY = "repository";
    public static final String REGISTRY = "registry";
    public static final String CATALOG = "catalog";
    public static final String ADMIN = "admin";

    public Scope {
        actions = actions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actions));
    }

    public static Scope repository(RepositoryName name, Set<Action> actions) {
        return new Scope(REPOSITORY, name.value(), actions);
    }

    public boolean isRepository() {
        return REPOSITORY.equals(type);
    }

    /** Parses one scope; throws IllegalArgumentException naming what is wrong. */
    public static Scope parse(String s) {
        int last = s.lastIndexOf(':');
        int first = s.indexOf(':');
        if (first <= 0 || last == first) {
            throw new IllegalArgumentException("scope '" + s + "' is not of the form <type>:<name>:<actions>");
        }
        String type = s.substring(0, first);
        String name = s.substring(first + 1, last);
        String actionList = s.substring(last + 1);
        if (REGISTRY.equals(type)) {
            if (!(CATALOG.equals(name) || ADMIN.equals(name)) || !"*".equals(actionList)) {
                throw new IllegalArgumentException("registry scope must be registry:catalog:* or registry:admin:*, got '" + s + "'");
            }
            return new Scope(type, name, name.equals(ADMIN) ? Set.of(Action.ADMIN) : Set.of());
        }
        if (!REPOSITORY.equals(type)) {
            throw new IllegalArgumentException("scope type '" + type + "' is not supported");
        }
        RepositoryName.parse(name);
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (String a : actionList.split(",")) {
            if (a.equals("*")) {
                actions.addAll(EnumSet.of(Action.PULL, Action.PUSH, Action.DELETE));
                continue;
            }
            actions.add(Action.byId(a).orElseThrow(() -> new IllegalArgumentException("unknown action '" + a + "' in scope '" + s + "'")));
        }
        return new Scope(type, name, actions);
    }

    /** The scopes of one {@code scope} parameter, which may hold several separated by spaces. */
    public static List<Scope> parseAll(List<String> params) {
        List<Scope> out = new ArrayList<>();
        for (String p : params) {
            for (String s : p.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(parse(s));
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        String list = type.equals(REGISTRY) ? "*" : actions.stream().map(Action::id).sorted().collect(Collectors.joining(","));
        return type + ":" + name + ":" + list;
    }
}
