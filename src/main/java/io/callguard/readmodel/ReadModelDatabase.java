package io.callguard.readmodel;

import java.sql.Connection;
import java.sql.SQLException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;

/**
 * The read model's PostgreSQL, if one is configured ({@code quarkus.datasource.jdbc.url}). Nothing here runs at start:
 * a database that is down or absent must never keep the service from screening. Connections are taken on demand;
 * the schema is migrated (Flyway) by the projector once the database answers.
 */
@ApplicationScoped
public class ReadModelDatabase {

    @Inject
    Instance<AgroalDataSource> dataSource;

    @Inject
    Instance<Flyway> flyway;

    private final boolean configured = ConfigProvider.getConfig()
            .getOptionalValue("quarkus.datasource.jdbc.url", String.class)
            .filter(url -> !url.isBlank())
            .isPresent();

    private volatile boolean migrated;

    /** A function of a connection that may fail with SQL errors. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    public boolean configured() {
        return configured;
    }

    public boolean migrated() {
        return migrated;
    }

    /** Brings the schema up to date; the projector calls it until it succeeds. */
    public void migrate() {
        if (!configured) {
            throw new ReadModelUnavailableException("no read-model database configured", null);
        }
        flyway.get().migrate();
        migrated = true;
    }

    public Connection connection() throws SQLException {
        if (!configured) {
            throw new ReadModelUnavailableException(
                    "the read model is not configured (QUARKUS_DATASOURCE_JDBC_URL); screening is unaffected", null);
        }
        if (!migrated) {
            throw new ReadModelUnavailableException("the read model is not ready yet; try again shortly", null);
        }
        return dataSource.get().getConnection();
    }

    /** Runs a read for a person; any database failure becomes a 503. */
    public <T> T read(SqlWork<T> work) {
        try (Connection c = connection()) {
            c.setReadOnly(true);
            return work.apply(c);
        } catch (SQLException e) {
            throw new ReadModelUnavailableException("the read model's database does not answer; try again shortly", e);
        }
    }
}
