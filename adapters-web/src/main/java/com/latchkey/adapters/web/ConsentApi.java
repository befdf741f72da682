package com.latchkey.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Status;
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
 * What {@link ConsentController}'s routes answer, for the OpenAPI document. Both are called by an
 * integration with its own credentials: 401 {@code INVALID_INTEGRATION} without them, 429 after too
 * many failures from one address.
 */
@Tag(name = "consent", description = "Integrations ask owners for scopes and check what was granted (SPEC §8)")
@SecurityScheme(
        name = ConsentApi.INTEGRATION,
        type = SecuritySchemeType.HTTP,
        scheme = "basic",
        description = "The integration's id and secret (eci_...), as an operator registered it")
@SecurityRequirement(name = ConsentApi.INTEGRATION)
@ApiResponse(
        responseCode = "401",
        description = "The integration's credentials are missing or wrong (INVALID_INTEGRATION, WWW-Authenticate:"
                + " Basic), or the key is not an active key (INVALID_CREDENTIALS)",
        content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
@ApiResponse(
        responseCode = "429",
        description = "Too many failures from this address, or (consent requests) three requests to this store"
                + " today; see Retry-After",
        content =
                @Content(
                        mediaType = ApiDocs.PROBLEM_JSON,
                        schema = @Schema(implementation = Problem.class),
                        examples = @ExampleObject(value = ApiDocs.RATE_LIMITED)))
interface ConsentApi {

    String INTEGRATION = "integrationBasic";

    @Operation(
            operationId = "requestConsent",
            summary = "Ask the owner of the store behind an active key for scopes; the owner is mailed a"
                    + " one-time link to approve or deny.")
    @ApiResponse(
            responseCode = "202",
            description = "The owner is being mailed",
            content =
                    @Content(
                            schema = @Schema(implementation = ConsentController.ConsentRequestedBody.class),
                            examples = @ExampleObject(value = ApiDocs.CONSENT_REQUESTED)))
    @ApiResponse(
            responseCode = "400",
            description = "No scopes, or scopes the integration is not registered for (VALIDATION_FAILED)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @Status(HttpStatus.ACCEPTED)
    HttpResponse<?> request(HttpRequest<?> http, String authorization, @Body ConsentController.ConsentRequestBody body);

    @Operation(
            summary = "What the owner of the store behind an active key granted this integration: the scopes,"
                    + " and the owner's name and email only under owner:read.")
    @ApiResponse(
            responseCode = "200",
            description = "The store, the key, and the granted scopes (maybe none)",
            content =
                    @Content(
                            schema = @Schema(implementation = ConsentController.GrantedAccessBody.class),
                            examples = @ExampleObject(value = ApiDocs.ACCESS)))
    HttpResponse<?> access(HttpRequest<?> http, String authorization, @Body ConsentController.AccessBody body);
}
