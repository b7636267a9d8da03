package io.lading.registry.auth;

import io.lading.registry.db.Database;
import io.lading.registry.db.PrincipalDao;
import io.lading.spec.auth.Action;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Users and robot accounts, their secrets and grants; and the first admin of a new registry. */
public final class PrincipalService {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    public static final String ADMIN = "admin";

    private final Database db;
    private final PrincipalDao principals;
    private final PasswordHasher hasher;

    public PrincipalService(Database db, PrincipalDao principals, PasswordHasher hasher) {
        this.db = db;
        this.principals = principals;
        this.hasher = hasher;
    }

    /** A robot and its secret, which is shown once and stored only as a hash. */
    public record NewRobot(String name, String secret) {
    }

    /** The principal whose secret this is; empty for an unknown, revoked or wrong one (indistinguishably). */
    public Optional<Principal> authenticate(String name, String secret) {
        var row = db.transaction(tx -> principals.find(tx, name));
        boolean ok = hasher.verify(secret, row.filter(r -> r.revokedAt() == null).map(PrincipalDao.PrincipalRow::secretHash).orElse(null));
        if (!ok) {
            return Optional.empty();
        }
        var r = row.get();
        Principal.Kind kind = r.kind().equals("robot") ? Principal.Kind.ROBOT : Principal.Kind.USER;
        return Optional.of(new Principal(r.name(), kind, db.transaction(tx -> principals.grants(tx, r.name()))));
    }

    /** Anyone without credentials: holds only the anonymous pull grants. */
    public Principal anonymous() {
        return new Principal(Principal.ANONYMOUS_NAME, Principal.Kind.ANONYMOUS, db.transaction(tx -> principals.grants(tx, null)));
    }

    /**
     * Creates user {@code admin} with every action on every repository if it does not exist. Returns the
     * password when this call generated it (so it can be shown once), empty otherwise.
     */
    public Optional<String> bootstrapAdmin(Optional<String> configuredPassword) {
        if (db.transaction(tx -> principals.find(tx, ADMIN)).isPresent()) {
            return Optional.empty();
        }
        String password = configuredPassword.orElseGet(PasswordHasher::newSecret);
        String hash = hasher.hash(password);
        boolean created = db.transaction(tx -> {
            if (!principals.insert(tx, ADMIN, "user", hash)) {
                return false;
            }
            long id = principals.find(tx, ADMIN).orElseThrow().id();
            principals.addGrant(tx, id, RepositoryPattern.parse("**"), EnumSet.allOf(Action.class));
            return true;
        });
        return created && configuredPassword.isEmpty() ? Optional.of(password) : Optional.empty();
    }

    public NewRobot createRobot(String name) {
        requireName(name);
        String secret = PasswordHasher.newSecret();
        String hash = hasher.hash(secret);
        if (!db.transaction(tx -> principals.insert(tx, name, "robot", hash))) {
            throw new IllegalArgumentException("a principal named '" + name + "' already exists");
        }
        return new NewRobot(name, secret);
    }

    public boolean revoke(String name) {
        return db.transaction(tx -> principals.revoke(tx, name));
    }

    public List<PrincipalDao.PrincipalRow> list() {
        return db.transaction(tx -> principals.list(tx, null));
    }

    /** Grants actions on a pattern to a principal, or to anyone when {@code principal} is null (pull only). */
    public Grant grant(String principal, RepositoryPattern pattern, Set<Action> actions) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a grant needs at least one action");
        }
        if (principal == null && !actions.equals(Set.of(Action.PULL))) {
            throw new IllegalArgumentException("anonymous access can only be pull");
        }
        if (actions.contains(Action.ADMIN) && !pattern.value().equals("**")) {
            throw new IllegalArgumentException("admin is registry-wide: grant it on the pattern **");
        }
        long id = db.transaction(tx -> {
            Long principalId = principal == null ? null : principals.find(tx, principal)
                    .orElseThrow(() -> new IllegalArgumentException("no principal named '" + principal + "'")).id();
            return principals.addGrant(tx, principalId, pattern, actions);
        });
        return new Grant(id, principal, pattern, actions);
    }

    public boolean revokeGrant(long id) {
        return db.transaction(tx -> principals.deleteGrant(tx, id));
    }

    public List<Grant> grants() {
        return db.transaction(principals::allGrants);
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("principal name '" + name + "' must match " + NAME.pattern());
        }
    }
}
