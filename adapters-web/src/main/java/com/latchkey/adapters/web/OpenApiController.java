package com.latchkey.adapters.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.servers.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /openapi.yml}: the OpenAPI document generated from these controllers when they were compiled. */
@Controller
@Hidden
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Latchkey",
                        version = "1",
                        description = "API keys for a store platform: request a key by email, verify it, and let"
                                + " integrations identify the store with it. Every error is application/problem+json.",
                        license = @License(name = "Proprietary: EasyCommerce")),
        servers = @Server(url = "http://localhost:8080", description = "The embedded default (java -jar)"))
class OpenApiController {

    static final String DOCUMENT = "META-INF/swagger/openapi.yml";
    private final String document;

    OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException("the build did not generate " + DOCUMENT);
            }
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    @Get(uri = "/openapi.yml", produces = "application/yaml")
    HttpResponse<String> document() {
        return HttpResponse.ok(document).contentType(MediaType.of("application/yaml"));
    }
}
