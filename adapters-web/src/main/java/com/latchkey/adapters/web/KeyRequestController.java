package com.latchkey.adapters.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.latchkey.application.port.in.GetKeyRequestStatusUseCase;
import com.latchkey.application.port.in.KeyRequestStatusResult;
import com.latchkey.application.port.in.RequestApiKeyCommand;
import com.latchkey.application.port.in.RequestApiKeyResult;
import com.latchkey.application.port.in.RequestApiKeyUseCase;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.RequestId;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.net.URI;

/**
 * Key requests: taking one writes to the database and the limit store, reading one reads the database.
 * Both run on a virtual thread ({@link TaskExecutors#BLOCKING}), never on an event loop (SPEC §7).
 */
@Controller("/api/v1/key-requests")
@ExecuteOn(TaskExecutors.BLOCKING)
class KeyRequestController implements KeyRequestApi {

    private final RequestApiKeyUseCase requestApiKey;
    private final GetKeyRequestStatusUseCase getKeyRequestStatus;
    private final String acceptedMessage;
    private final ClientAddressResolver clients;
    private final WebMetrics metrics;

    KeyRequestController(
            RequestApiKeyUseCase requestApiKey,
            GetKeyRequestStatusUseCase getKeyRequestStatus,
            ClientAddressResolver clients,
            WebMetrics metrics,
            @Property(name = "latchkey.brand", defaultValue = "EasyCommerce") String brand) {
        this.clients = clients;
        this.metrics = metrics;
        this.requestApiKey = requestApiKey;
        this.getKeyRequestStatus = getKeyRequestStatus;
        this.acceptedMessage = "Check your email inbox for an email from " + brand + " containing the API key.";
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record KeyRequestBody(@Nullable String name, @Nullable String email) {}

    @Serdeable
    record AcceptedBody(String requestId, String status, String message) {}

    @Serdeable
    record StatusBody(String requestId, String status, int attempts, String updatedAt) {}

    @Override
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> request(HttpRequest<?> http, @Body KeyRequestBody body) {
        FieldCheck check = new FieldCheck();
        OwnerName name = check.field("name", body.name(), OwnerName::of);
        EmailAddress email = check.field("email", body.email(), EmailAddress::of);
        if (check.failed()) {
            return check.problem().toResponse();
        }
        RequestApiKeyResult result = requestApiKey.request(new RequestApiKeyCommand(name, email, clients.of(http)));
        return switch (result) {
            case RequestApiKeyResult.Accepted(var requestId) -> {
                metrics.requestAccepted();
                yield HttpResponse.status(HttpStatus.ACCEPTED)
                        .header(
                                "Location",
                                URI.create("/api/v1/key-requests/" + requestId).toString())
                        .body(new AcceptedBody(requestId.toString(), "PENDING", acceptedMessage));
            }
            case RequestApiKeyResult.RateLimited(var retryAfter) -> {
                metrics.rateLimited("key-requests");
                yield RateLimitedResponses.tooMany(retryAfter);
            }
        };
    }

    @Override
    @Get(uri = "/{requestId}", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> status(@PathVariable String requestId) {
        KeyRequestStatusResult result = RequestId.parse(requestId)
                .map(getKeyRequestStatus::status)
                .orElseGet(KeyRequestStatusResult.NotFound::new);
        return switch (result) {
            case KeyRequestStatusResult.Found found ->
                HttpResponse.ok(new StatusBody(
                        found.requestId().toString(),
                        found.status().name(),
                        found.attempts(),
                        found.updatedAt().toString()));
            case KeyRequestStatusResult.NotFound() ->
                Problem.of(ProblemCode.NOT_FOUND, "There is no key request with this id.")
                        .toResponse();
        };
    }
}
