package com.latchkey.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What {@link VerifyKeyController}'s routes answer, for the OpenAPI document (micronaut-openapi reads these
 * annotations through the controller that implements this): kept here, out of the controller's body.
 */
@Tag(
        name = "keys",
        description = "Ask for a key, follow its delivery, verify it, identify the store behind it, revoke it")
interface VerifyKeyApi {

    @Operation(summary = "Prove a key with the email it was mailed to; the first verification activates it.")
    @ApiResponse(
            responseCode = "200",
            description = "Email and key match; the key is active",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = VerifyKeyController.VerifiedBody.class),
                            examples = @ExampleObject(value = ApiDocs.VERIFIED)))
    @ApiResponse(
            responseCode = "400",
            description = "A field is missing or not valid",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.VALIDATION_FAILED)))
    @ApiResponse(
            responseCode = "401",
            description = "Email and key do not match (the same body for every kind of mismatch)",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.INVALID_CREDENTIALS)))
    @ApiResponse(
            responseCode = "403",
            description = "Email and key match, but the key expired (KEY_EXPIRED) or was revoked (KEY_REVOKED)",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.KEY_EXPIRED)))
    @ApiResponse(
            responseCode = "429",
            description = "Too many failed verifications for this email or client; see Retry-After",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.RATE_LIMITED)))
    HttpResponse<?> verify(HttpRequest<?> http, @Body VerifyKeyController.VerifyBody body);
}
