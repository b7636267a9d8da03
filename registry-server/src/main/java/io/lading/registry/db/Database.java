package io.lading.registry.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lading.registry.config.RegistryConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's PostgreSQL: a pool, the migrations of migrations/ applied at start, and jOOQ.
 * With no database URL it runs an embedded PostgreSQL under {@code <data-dir>/postgres}.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final EmbeddedPostgres embedded;
    private final DSLContext dsl;
    private final Settings settings;

    private Database(HikariDataSource pool, EmbeddedPostgres embedded) {
        this.pool = pool;
        this.embedded = embedded;
        // Unqualified names, so the same code works in whatever schema the search path selects.
        this.settings = new Settings().withRenderSchema(false).withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED);
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES, settings);
    }

    public static Database open(RegistryConfig config) {
        EmbeddedPostgres embedded = null;
        String url;
        String user = config.databaseUser();
        String password = config.databasePassword();
        if (config.databaseUrl().isPresent()) {
            url = config.databaseUrl().get();
        } else {
            embedded = startEmbedded(config);
            url = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "";
        }
        try {
            String schema = config.databaseSchema().orElse(null);
            migrate(url, user, password, schema);
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(url);
            hc.setUsername(user);
            hc.setPassword(password);
            hc.setMaximumPoolSize(config.databasePoolSize());
            hc.setPoolName("lading-db");
            if (schema != null) {
                hc.setConnectionInitSql("set search_path to " + schema);
            }
            return new Database(new HikariDataSource(hc), embedded);
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw e;
        }
    }

    private static EmbeddedPostgres startEmbedded(RegistryConfig config) {
        var dir = config.dataDir().resolve("postgres");
        log.atInfo().addKeyValue("dir", dir).log("starting embedded PostgreSQL");
        try {
            return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(String url, String user, String password, String schema) {
        var flyway = Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true);
        if (schema != null) {
            flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        var result = flyway.load().migrate();
        log.atInfo().addKeyValue("applied", result.migrationsExecuted).addKeyValue("version", result.targetSchemaVersion)
                .log("database migrated");
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** Runs {@code work} in one transaction; it commits when work returns and rolls back when it throws. */
    public <T> T transaction(Function<DSLContext, T> work) {
        // Not jOOQ's transactionResult: its DefaultTransactionProvider asks the connection for its isolation level
        // at every begin, and PostgreSQL's driver answers with a query, one round trip more per transaction
        // (issue 7). We never change the isolation level, so commit or roll back on the pooled connection.
        return dsl.connectionResult(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.apply(DSL.using(c, SQLDialect.POSTGRES, settings));
                c.commit();
                return result;
            } catch (Throwable t) {
                try {
                    c.rollback();
                } catch (SQLException e) {
                    t.addSuppressed(e);
                }
                throw t;
            }
            // The pool restores auto-commit when the connection goes back.
        });
    }

    public boolean isReachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
        closeQuietly(embedded);
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
