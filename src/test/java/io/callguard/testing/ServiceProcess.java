package io.callguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, to stop or kill. */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Settings key for the child JVM's maximum heap, e.g. "2g" (not passed on as a property). */
    public static final String HEAP = "jvm.heap";
    /** Setting key of the child JVM's initial heap (-Xms); unset, the JVM's default. */
    public static final String HEAP_INITIAL = "jvm.heap.initial";
    /** Setting key of further options of the child JVM, separated by spaces. */
    public static final String JVM_OPTIONS = "jvm.options";

    /** Settings key that keeps the demo verification key out (not passed on as a property). */
    public static final String NO_DEMO_KEY = "test.no-demo-key";

    /**
     * Settings key naming another service jar to run, e.g. a baseline build from before the management interface
     * existed: its health is then asked on the HTTP port (not passed on as a property).
     */
    public static final String JAR = "test.app-jar";

    private final Process process;
    private final int httpPort;
    private final int managementPort;
    private final Path log;

    private ServiceProcess(Process process, int httpPort, int managementPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.log = log;
    }

    /**
     * Starts the service jar with the given {@code -D} settings on a free HTTP port and a free management port, trusting
     * the demo token key unless {@link #NO_DEMO_KEY} is set.
     */
    public static ServiceProcess start(String name, Map<String, String> givenSettings) {
        Map<String, String> settings = new java.util.HashMap<>();
        if (!givenSettings.containsKey(NO_DEMO_KEY)) {
            settings.putAll(Tokens.trustDemoKey());
        }
        settings.putAll(givenSettings);
        String jar = givenSettings.getOrDefault(
                JAR, System.getProperty("callguard.app.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(Paths.get(jar))) {
            throw new IllegalStateException("service jar " + jar + " not built: run the tests with 'mvnw verify'");
        }
        int port = settings.containsKey("quarkus.http.port")
                ? Integer.parseInt(settings.get("quarkus.http.port"))
                : EmbeddedKafka.freePort();
        int management = settings.containsKey("quarkus.management.port")
                ? Integer.parseInt(settings.get("quarkus.management.port"))
                : settings.containsKey(JAR) ? port : EmbeddedKafka.freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + settings.getOrDefault(HEAP, "512m"));
        if (settings.containsKey(HEAP_INITIAL)) {
            cmd.add("-Xms" + settings.get(HEAP_INITIAL));
        }
        if (settings.containsKey(JVM_OPTIONS)) {
            cmd.addAll(List.of(settings.get(JVM_OPTIONS).split(" ")));
        }
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dquarkus.management.port=" + management);
        cmd.add("-Dquarkus.log.console.json.enabled=false");
        settings.forEach((k, v) -> {
            if (!k.equals("quarkus.http.port")
                    && !k.equals("quarkus.management.port")
                    && !k.equals(HEAP)
                    && !k.equals(HEAP_INITIAL)
                    && !k.equals(JVM_OPTIONS)
                    && !k.equals(NO_DEMO_KEY)
                    && !k.equals(JAR)) {
                cmd.add("-D" + k + "=" + v);
            }
        });
        cmd.add("-jar");
        cmd.add(jar);
        try {
            Path logDir = Files.createDirectories(Paths.get("target", "it-logs"));
            Path log = logDir.resolve(name + "-" + System.currentTimeMillis() + ".log");
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ServiceProcess(p, port, management, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** HTTP status of a GET on this service (health and metrics on its management port), or -1 if it does not answer. */
    public int status(String path) {
        return status(portFor(path), path);
    }

    /** HTTP status of a GET on {@code port}, or -1 if it does not answer. */
    public int status(int port, String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Health, metrics and OpenAPI live on the management port; everything else on the HTTP port. */
    private int portFor(String path) {
        return path.startsWith("/q/") && !path.startsWith("/q/swagger-ui") ? managementPort : httpPort;
    }

    public String get(String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portFor(path) + path))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the process has exited; its exit code, or -1 if it is still running after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + "; see " + log);
            }
            if (status("/q/health/ready") == 200) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("service not ready within " + timeout + "; see " + log);
    }

    /** SIGTERM, as Kubernetes sends it; returns the exit code. */
    public int stopGracefully(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("service did not stop within " + timeout + "; see " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hooks, no commit. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
