package com.latchkey.adapters.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Header;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What {@link IntegrationController}'s routes answer, for the OpenAPI document (micronaut-openapi reads these
 * annotations through the controller that implements this): kept here, out of the controller's body.
 */
@Tag(
        name = "keys",
        description = "Ask for a key, follow its delivery, verify it, identify the store behind it, revoke it")
@SecurityScheme(
        name = IntegrationApi.STORE_KEY,
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "The store's API key (eck_...), as Authorization: Bearer <key>")
@SecurityRequirement(name = IntegrationApi.STORE_KEY)
interface IntegrationApi {

    String STORE_KEY = "storeKey";

    @Operation(
            operationId = "identify",
            summary = "Which store an active key identifies. Send the key as Authorization: Bearer <key>.")
    @ApiResponse(
            responseCode = "200",
            description = "The store behind the key",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = IntegrationController.IdentityBody.class),
                            examples = @ExampleObject(value = ApiDocs.IDENTITY)))
    @ApiResponse(
            responseCode = "401",
            description = "No active key presented; answered with WWW-Authenticate: Bearer",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.INVALID_CREDENTIALS)))
    @ApiResponse(
            responseCode = "429",
            description = "Too many failed authentications from this client; see Retry-After",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.RATE_LIMITED)))
    HttpResponse<?> me(HttpRequest<?> request, @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization);

    @Operation(operationId = "revokeKey", summary = "Revoke the key presented as Authorization: Bearer <key>.")
    @ApiResponse(
            responseCode = "200",
            description = "The key is revoked",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = IntegrationController.RevokedBody.class),
                            examples = @ExampleObject(value = ApiDocs.REVOKED)))
    @ApiResponse(
            responseCode = "401",
            description = "No delivered or active key presented; answered with WWW-Authenticate: Bearer",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.INVALID_CREDENTIALS)))
    @ApiResponse(
            responseCode = "429",
            description = "Too many failed authentications from this client; see Retry-After",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.RATE_LIMITED)))
    HttpResponse<?> revoke(HttpRequest<?> request, @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization);
}
