package com.latchkey.adapters.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The pages of the flow (SPEC §1): plain HTML with the brand filled in, and one stylesheet and one
 * script of our own. No inline script or style, so the pages work under a strict CSP.
 */
@Controller
@Hidden
class PagesController {

    private static final MediaType CSS = MediaType.of("text/css; charset=utf-8");
    private static final MediaType JAVASCRIPT = MediaType.of("text/javascript; charset=utf-8");
    private static final MediaType HTML = MediaType.of("text/html; charset=utf-8");

    private final Map<String, String> pages;
    private final Map<String, String> assets;

    PagesController(@Property(name = "latchkey.brand", defaultValue = "EasyCommerce") String brand) {
        String header = read("pages/layout-header.html").replace("{{brand}}", escape(brand));
        this.pages = Map.of(
                "index", page("index", header, brand),
                "request", page("request", header, brand),
                "verify", page("verify", header, brand),
                "consent", page("consent", header, brand),
                "consents", page("consents", header, brand));
        this.assets = Map.of(
                "latchkey.css", read("pages/assets/latchkey.css"), "latchkey.js", read("pages/assets/latchkey.js"));
    }

    @Get
    HttpResponse<String> start() {
        return html("index");
    }

    @Get("/request")
    HttpResponse<String> request() {
        return html("request");
    }

    /** The verify page; the mail's link adds {@code ?email=}, which the page's script fills in. */
    @Get("/verify")
    HttpResponse<String> verify() {
        return html("verify");
    }

    /**
     * The consent decision page (SPEC §8). The mail's link carries its token in the fragment
     * ({@code /consent#ecl_...}), which never reaches us: the page's script posts it.
     */
    @Get("/consent")
    HttpResponse<String> consent() {
        return html("consent");
    }

    /** Where an owner sees and withdraws the integrations allowed; its mailed link carries a token the same way. */
    @Get("/consents")
    HttpResponse<String> consents() {
        return html("consents");
    }

    @Get("/assets/{name}")
    HttpResponse<String> asset(@PathVariable String name) {
        String asset = assets.get(name);
        if (asset == null) {
            return HttpResponse.notFound();
        }
        return HttpResponse.ok(asset)
                .contentType(name.endsWith(".css") ? CSS : JAVASCRIPT)
                .header("Cache-Control", "public, max-age=300");
    }

    private HttpResponse<String> html(String name) {
        return HttpResponse.ok(pages.get(name)).contentType(HTML).header("Cache-Control", "no-store");
    }

    /** A page of the flow with the shared header and the brand filled in (brand words only, escaped). */
    static String page(String name, String brand) {
        String header = read("pages/layout-header.html").replace("{{brand}}", escape(brand));
        return page(name, header, brand);
    }

    private static String page(String name, String header, String brand) {
        return read("pages/" + name + ".html").replace("{{header}}", header).replace("{{brand}}", escape(brand));
    }

    private static String read(String resource) {
        try (InputStream in = PagesController.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing page resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
