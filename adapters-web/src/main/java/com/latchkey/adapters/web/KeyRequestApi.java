package com.latchkey.adapters.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What {@link KeyRequestController}'s routes answer, for the OpenAPI document (micronaut-openapi reads these
 * annotations through the controller that implements this): kept here, out of the controller's body.
 */
@Tag(
        name = "keys",
        description = "Ask for a key, follow its delivery, verify it, identify the store behind it, revoke it")
interface KeyRequestApi {

    @Operation(
            operationId = "requestKey",
            summary =
                    "Ask for a key; it arrives by email. The answer never holds the key and is the same for new and known emails.")
    @ApiResponse(
            responseCode = "202",
            description = "Accepted: the key will be mailed",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = KeyRequestController.AcceptedBody.class),
                            examples = @ExampleObject(value = ApiDocs.ACCEPTED)))
    @ApiResponse(
            responseCode = "400",
            description = "A field is missing or not valid, or the body is not JSON of this shape",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.VALIDATION_FAILED)))
    @ApiResponse(
            responseCode = "413",
            description = "The body is larger than 16 KiB",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.PAYLOAD_TOO_LARGE)))
    @ApiResponse(
            responseCode = "415",
            description = "The body is not application/json",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.UNSUPPORTED_MEDIA_TYPE)))
    @ApiResponse(
            responseCode = "429",
            description = "Too many requests for this email, from this client, or overall; see Retry-After",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.RATE_LIMITED)))
    // For the document only: its success is 202, so no default 200 is listed. A returned HttpResponse
    // keeps its own status at run time (400, 429 and the rest are unchanged).
    @Status(HttpStatus.ACCEPTED)
    HttpResponse<?> request(HttpRequest<?> http, @Body KeyRequestController.KeyRequestBody body);

    @Operation(operationId = "keyRequestStatus", summary = "How the delivery of a key request stands.")
    @ApiResponse(
            responseCode = "200",
            description = "The request's delivery status",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = KeyRequestController.StatusBody.class),
                            examples = @ExampleObject(value = ApiDocs.STATUS)))
    @ApiResponse(
            responseCode = "404",
            description = "No such request",
            content =
                    @Content(
                            mediaType = ApiDocs.PROBLEM_JSON,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(value = ApiDocs.NOT_FOUND)))
    HttpResponse<?> status(@PathVariable String requestId);
}
