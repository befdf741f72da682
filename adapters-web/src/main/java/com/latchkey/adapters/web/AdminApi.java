package com.latchkey.adapters.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What {@link AdminController}'s routes answer, for the OpenAPI document. Every route answers 401
 * ({@code INVALID_ADMIN_TOKEN}) without the token and 429 after too many failures from one address;
 * without {@code LATCHKEY_ADMIN_TOKEN} every admin path is 404.
 */
@Tag(name = "admin", description = "The operators' API: present only when LATCHKEY_ADMIN_TOKEN is set")
@SecurityScheme(
        name = AdminApi.ADMIN_TOKEN,
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "The admin token (LATCHKEY_ADMIN_TOKEN) as Authorization: Bearer <token>")
@SecurityRequirement(name = AdminApi.ADMIN_TOKEN)
@ApiResponse(
        responseCode = "401",
        description = "No admin token, or a wrong one (INVALID_ADMIN_TOKEN); WWW-Authenticate: Bearer",
        content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
@ApiResponse(
        responseCode = "429",
        description = "Too many wrong tokens from this address; see Retry-After",
        content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
interface AdminApi {

    String ADMIN_TOKEN = "adminToken";

    @Operation(
            summary = "Register an integration. Its secret (eci_...) is in this answer only; only its digest is kept.")
    @ApiResponse(
            responseCode = "201",
            description = "Registered",
            content = @Content(schema = @Schema(implementation = AdminController.RegisteredBody.class)))
    @ApiResponse(
            responseCode = "400",
            description = "A field is not valid, or a scope is not configured (VALIDATION_FAILED)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "409",
            description = "The id is taken (INTEGRATION_EXISTS)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @Status(HttpStatus.CREATED)
    HttpResponse<?> register(HttpRequest<?> http, @Body AdminController.RegisterBody body);

    @Operation(summary = "The registered integrations, without their secrets.")
    @ApiResponse(
            responseCode = "200",
            description = "The integrations, by id",
            content = @Content(schema = @Schema(implementation = AdminController.IntegrationsBody.class)))
    HttpResponse<?> integrations(HttpRequest<?> http);

    @Operation(summary = "Remove an integration: its secret stops working at once.")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(
            responseCode = "404",
            description = "No integration has this id",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @Status(HttpStatus.NO_CONTENT)
    HttpResponse<?> removeIntegration(HttpRequest<?> http, @PathVariable String id);

    @Operation(summary = "An owner's keys, newest first, found by the keyed index of the email (never a scan).")
    @ApiResponse(
            responseCode = "200",
            description = "The owner's keys (none for an unknown email)",
            content = @Content(schema = @Schema(implementation = AdminController.KeysBody.class)))
    @ApiResponse(
            responseCode = "400",
            description = "No email, or not an email (VALIDATION_FAILED)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    HttpResponse<?> keys(HttpRequest<?> http, @Nullable @QueryValue String email);

    @Operation(operationId = "revokeKeyById", summary = "Revoke a key by its id; its owner is mailed a notice.")
    @ApiResponse(
            responseCode = "200",
            description = "Revoked; ownerNotified is false when the notice could not be handed to the mail transport",
            content = @Content(schema = @Schema(implementation = AdminController.OperatorRevokedBody.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No key has this id",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "409",
            description = "The key had ended already, or is still being delivered (KEY_NOT_REVOCABLE)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    HttpResponse<?> revoke(HttpRequest<?> http, @PathVariable String keyId);

    @Operation(
            summary = "The audit trail of one key (keyId) or one owner (email), oldest first, from since, a page at a"
                    + " time: pass the answer's next as after for the next page.")
    @ApiResponse(
            responseCode = "200",
            description = "One page of events; next is null on the last",
            content = @Content(schema = @Schema(implementation = AdminController.AuditBody.class)))
    @ApiResponse(
            responseCode = "400",
            description = "Neither or both of keyId and email, or a malformed since or limit (VALIDATION_FAILED)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    HttpResponse<?> audit(
            HttpRequest<?> http,
            @Nullable @QueryValue String keyId,
            @Nullable @QueryValue String email,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String after,
            @Nullable @QueryValue String limit);

    @Operation(
            summary = "The configured peppers (LATCHKEY_KEY_PEPPERS), newest first, each with the live keys whose"
                    + " digest and the sealed values that still need it: an older one that nothing needs may be"
                    + " removed.")
    @ApiResponse(
            responseCode = "200",
            description = "The peppers by id (never the pepper)",
            content = @Content(schema = @Schema(implementation = AdminController.SecretsBody.class)))
    HttpResponse<?> secrets(HttpRequest<?> http);
}
