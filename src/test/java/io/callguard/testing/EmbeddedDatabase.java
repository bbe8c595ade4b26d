package io.callguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 (binaries from Maven jars, no Docker) for the tests and the local run, with its data under
 * {@code target/}. Stopping and starting it again on the same directory and port keeps the data: the outage tests do
 * exactly that.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** Holds the shared database's URL JVM-wide: Quarkus loads this class again for every test profile. */
    private static final String SHARED_PROPERTY = "embedded.postgres.url";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    private EmbeddedDatabase(Path dataDir, int port) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
    }

    /** The JDBC URL of the database shared by every test of this JVM, started on first use. */
    public static String sharedJdbcUrl() {
        synchronized (System.getProperties()) {
            String running = System.getProperty(SHARED_PROPERTY);
            if (running != null) {
                return running;
            }
            EmbeddedDatabase db = start(
                    Paths.get("target", "pg-test-" + ProcessHandle.current().pid()), EmbeddedKafka.freePort());
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-postgres-stop"));
            System.setProperty(SHARED_PROPERTY, db.jdbcUrl());
            return db.jdbcUrl();
        }
    }

    /** Starts a fresh database in {@code dataDir} (emptied first) on {@code port}. */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        EmbeddedDatabase db = new EmbeddedDatabase(dataDir, port);
        deleteRecursively(db.dataDir);
        db.startServer();
        return db;
    }

    /** Starts the server again after {@link #stop}, on the same data and port. */
    public synchronized void restart() {
        startServer();
    }

    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = null;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public static String user() {
        return "postgres";
    }

    private void startServer() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDir, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void deleteRecursively(Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
