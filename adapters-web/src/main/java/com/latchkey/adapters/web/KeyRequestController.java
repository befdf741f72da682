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
import io.micronaut.serde.annotation.Serdeable;
import java.net.URI;

@Controller("/api/v1/key-requests")
class KeyRequestController {

    private final RequestApiKeyUseCase requestApiKey;
    private final GetKeyRequestStatusUseCase getKeyRequestStatus;
    private final String acceptedMessage;
    private final ClientAddressResolver clients;

    KeyRequestController(
            RequestApiKeyUseCase requestApiKey,
            GetKeyRequestStatusUseCase getKeyRequestStatus,
            ClientAddressResolver clients,
            @Property(name = "latchkey.brand", defaultValue = "EasyCommerce") String brand) {
        this.clients = clients;
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

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> request(HttpRequest<?> http, @Body KeyRequestBody body) {
        FieldCheck check = new FieldCheck();
        OwnerName name = check.field("name", body.name(), OwnerName::of);
        EmailAddress email = check.field("email", body.email(), EmailAddress::of);
        if (check.failed()) {
            return check.problem().toResponse();
        }
        RequestApiKeyResult result = requestApiKey.request(new RequestApiKeyCommand(name, email, clients.of(http)));
        if (result instanceof RequestApiKeyResult.RateLimited limited) {
            return RateLimitedResponses.tooMany(limited.retryAfter());
        }
        RequestApiKeyResult.Accepted accepted = (RequestApiKeyResult.Accepted) result;
        return HttpResponse.status(HttpStatus.ACCEPTED)
                .header(
                        "Location",
                        URI.create("/api/v1/key-requests/" + accepted.requestId())
                                .toString())
                .body(new AcceptedBody(accepted.requestId().toString(), "PENDING", acceptedMessage));
    }

    @Get(uri = "/{requestId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> status(@PathVariable String requestId) {
        KeyRequestStatusResult result = RequestId.parse(requestId)
                .map(getKeyRequestStatus::status)
                .orElseGet(KeyRequestStatusResult.NotFound::new);
        if (result instanceof KeyRequestStatusResult.Found found) {
            return HttpResponse.ok(new StatusBody(
                    found.requestId().toString(),
                    found.status().name(),
                    found.attempts(),
                    found.updatedAt().toString()));
        }
        return Problem.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "There is no key request with this id.")
                .toResponse();
    }
}
