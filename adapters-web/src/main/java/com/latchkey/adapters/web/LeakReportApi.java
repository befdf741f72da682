package com.latchkey.adapters.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Header;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** What {@link LeakReportController} answers, for the OpenAPI document. */
@Tag(name = "leaks", description = "Reports of keys found in public, from secret scanners (GitHub's partner format)")
interface LeakReportApi {

    @Operation(
            summary = "Report tokens found in public: a JSON array of {token, type, url, source}, signed with ECDSA"
                    + " P-256 over the raw body (Github-Public-Key-Identifier, Github-Public-Key-Signature). Live"
                    + " keys among them are revoked and their owners mailed.")
    @ApiResponse(
            responseCode = "200",
            description = "Each token labelled true_positive (one of our keys) or false_positive",
            content =
                    @Content(
                            array =
                                    @ArraySchema(
                                            schema = @Schema(implementation = LeakReportController.LabelBody.class))))
    @ApiResponse(
            responseCode = "400",
            description = "Signed, but not a report (MALFORMED_REQUEST)",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "401",
            description = "Not signed by a configured reporter key (INVALID_SIGNATURE); nothing changed",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "413",
            description = "The body is larger than 1 MiB",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    HttpResponse<?> report(
            HttpRequest<?> http,
            @Nullable @Header(LeakReportController.KEY_IDENTIFIER) String keyIdentifier,
            @Nullable @Header(LeakReportController.SIGNATURE) String signature,
            @Body byte[] body);
}
