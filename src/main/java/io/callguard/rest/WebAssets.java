package io.callguard.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

/**
 * Serves the files of a page from {@code src/main/resources/web/<page>/}: only the names listed, each with its type,
 * and always with a strict Content-Security-Policy (no inline script, nothing from another origin, no framing).
 * Pages hold no data: everything comes from the API with the bearer token the user signed in with.
 */
public final class WebAssets {

    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final String page;
    private final java.util.Set<String> files;

    public WebAssets(String page, java.util.Set<String> files) {
        this.page = page;
        this.files = java.util.Set.copyOf(files);
    }

    /** The file {@code name} of this page, or 404 for any name not listed. */
    public Response serve(String name) {
        if (name == null || !files.contains(name)) {
            throw new NotFoundException();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        try (InputStream in = WebAssets.class.getResourceAsStream("/web/" + page + "/" + name)) {
            if (in == null || type == null) {
                throw new NotFoundException();
            }
            return Response.ok(in.readAllBytes(), type)
                    .header("Content-Security-Policy", CSP)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Cache-Control", "no-cache")
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("asset " + name + " unreadable", e);
        }
    }
}
