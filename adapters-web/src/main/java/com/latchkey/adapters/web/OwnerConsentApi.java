package com.latchkey.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What {@link OwnerConsentController}'s routes answer, for the OpenAPI document: the owner's side of
 * consent, called by the pages with a link's token. A missing field is 400; a used, expired or
 * unknown token is 410 {@code LINK_NOT_VALID}, one body for all three.
 */
@Tag(
        name = "owner",
        description =
                "The owner's side, with a mailed link: consents (SPEC §8), and the export and erasure of their data (SPEC §9)")
@ApiResponse(
        responseCode = "400",
        description = "A field is missing or not valid (VALIDATION_FAILED)",
        content =
                @Content(
                        mediaType = ApiDocs.PROBLEM_JSON,
                        schema = @Schema(implementation = Problem.class),
                        examples = @ExampleObject(value = ApiDocs.VALIDATION_FAILED)))
interface OwnerConsentApi {

    @Operation(
            summary = "Ask for a link by email (MANAGE_CONSENTS, EXPORT or ERASE); the owner of a known email is mailed"
                    + " one."
                    + " The answer is the same for known and unknown emails.")
    @ApiResponse(
            responseCode = "202",
            description = "Accepted (a link is mailed only to a known email)",
            content = @Content(schema = @Schema(implementation = OwnerConsentController.LinkRequestedBody.class)))
    @ApiResponse(
            responseCode = "429",
            description = "Too many links for this email or address; see Retry-After",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @Status(HttpStatus.ACCEPTED)
    HttpResponse<?> requestLink(HttpRequest<?> http, @Body OwnerConsentController.OwnerLinkBody body);

    @Operation(summary = "Which integration asks for what, for a consent link's token; decides nothing.")
    @ApiResponse(
            responseCode = "200",
            description = "The integration and each asked scope in plain words",
            content = @Content(schema = @Schema(implementation = OwnerConsentController.PreviewBody.class)))
    @ApiResponse(
            responseCode = "410",
            description = "The link was used, expired or never existed (LINK_NOT_VALID)",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.LINK_NOT_VALID)))
    HttpResponse<?> preview(@Body OwnerConsentController.TokenBody body);

    @Operation(summary = "Approve or deny a consent request; the link then works no more.")
    @ApiResponse(
            responseCode = "200",
            description = "GRANTED or DENIED",
            content = @Content(schema = @Schema(implementation = OwnerConsentController.DecidedBody.class)))
    @ApiResponse(
            responseCode = "410",
            description = "The link was used, expired or never existed (LINK_NOT_VALID)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    HttpResponse<?> decide(HttpRequest<?> http, @Body OwnerConsentController.DecisionBody body);

    @Operation(summary = "The integrations the owner granted, with scopes and dates, for a manage link's token.")
    @ApiResponse(
            responseCode = "200",
            description = "The consents (maybe none)",
            content = @Content(schema = @Schema(implementation = OwnerConsentController.ConsentsBody.class)))
    @ApiResponse(
            responseCode = "410",
            description = "The link expired or never existed (LINK_NOT_VALID)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    HttpResponse<?> list(@Body OwnerConsentController.TokenBody body);

    @Operation(summary = "Withdraw everything granted to one integration, at once.")
    @ApiResponse(
            responseCode = "200",
            description = "WITHDRAWN",
            content = @Content(schema = @Schema(implementation = OwnerConsentController.WithdrawnBody.class)))
    @ApiResponse(
            responseCode = "404",
            description = "The integration holds no consent of this owner (NOT_FOUND)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "410",
            description = "The link expired or never existed (LINK_NOT_VALID)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    HttpResponse<?> withdraw(HttpRequest<?> http, @Body OwnerConsentController.WithdrawBody body);
}
