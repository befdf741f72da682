package com.latchkey.adapters.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What {@link OwnerDataController}'s routes answer, for the OpenAPI document: the owner's rights of
 * SPEC §9, called by the privacy page with a mailed link's token (asked for at
 * {@code POST /api/v1/owner-links} with purpose {@code EXPORT} or {@code ERASE}). A missing token is
 * 400; a used, expired, unknown or other-purpose token is 410 {@code LINK_NOT_VALID}.
 */
@Tag(
        name = "owner",
        description =
                "The owner's side, with a mailed link: consents (SPEC §8), and the export and erasure of their data (SPEC §9)")
@ApiResponse(
        responseCode = "400",
        description = "The token is missing (VALIDATION_FAILED)",
        content =
                @Content(
                        mediaType = ApiDocs.PROBLEM_JSON,
                        schema = @Schema(implementation = Problem.class),
                        examples = @ExampleObject(value = ApiDocs.VALIDATION_FAILED)))
@ApiResponse(
        responseCode = "410",
        description = "The link was used, expired, never existed or was made for something else (LINK_NOT_VALID)",
        content =
                @Content(
                        mediaType = ApiDocs.PROBLEM_JSON,
                        schema = @Schema(implementation = Problem.class),
                        examples = @ExampleObject(value = ApiDocs.LINK_NOT_VALID)))
interface OwnerDataApi {

    @Operation(
            summary = "Everything stored about the owner of an export link, as one JSON document (the link works"
                    + " once): requests, keys with hints and dates, the store and its grants, audit events.")
    @ApiResponse(
            responseCode = "200",
            description = "The export, as a download",
            content = @Content(schema = @Schema(implementation = OwnerDataController.ExportBody.class)))
    HttpResponse<?> export(@Body OwnerConsentController.TokenBody body);

    @Operation(
            summary = "Erase the owner of an erase link (the link works once): every key revoked, every grant"
                    + " withdrawn, name, email and store id removed everywhere, the audit reduced to type, time"
                    + " and key id; a confirmation is mailed.")
    @ApiResponse(
            responseCode = "200",
            description = "ERASED, how many keys stopped working, and whether the confirmation mail left",
            content = @Content(schema = @Schema(implementation = OwnerDataController.ErasedBody.class)))
    HttpResponse<?> erase(@Body OwnerConsentController.TokenBody body);
}
