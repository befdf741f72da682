package com.latchkey.adapters.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.latchkey.application.port.in.DecideConsentUseCase;
import com.latchkey.application.port.in.ListConsentsUseCase;
import com.latchkey.application.port.in.PreviewConsentUseCase;
import com.latchkey.application.port.in.RequestOwnerLinkUseCase;
import com.latchkey.application.port.in.ScopeDescription;
import com.latchkey.application.port.in.WithdrawConsentUseCase;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.LinkPurpose;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Set;

/**
 * What the owner's pages call: ask for a link by email, and with a link's token (posted by the page
 * from the URL's fragment, so it reaches no log) decide on a consent request, list and withdraw
 * consents. One answer, {@code 410 LINK_NOT_VALID}, for a used, expired, unknown or malformed token.
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class OwnerConsentController implements OwnerConsentApi {

    static final String LINK_SENT_MESSAGE =
            "If this email has an API key, we sent it a link. Check your inbox; the link works for a limited time.";

    /** The purposes an owner asks a link for: a consent link is asked for by an integration. */
    static final Set<LinkPurpose> OFFERED = Set.of(LinkPurpose.MANAGE_CONSENTS, LinkPurpose.EXPORT, LinkPurpose.ERASE);

    static final Problem LINK_NOT_VALID = Problem.of(ProblemCode.LINK_NOT_VALID);

    private final RequestOwnerLinkUseCase requestLink;
    private final PreviewConsentUseCase preview;
    private final DecideConsentUseCase decide;
    private final ListConsentsUseCase list;
    private final WithdrawConsentUseCase withdraw;
    private final ClientAddressResolver clients;
    private final WebMetrics metrics;

    OwnerConsentController(
            RequestOwnerLinkUseCase requestLink,
            PreviewConsentUseCase preview,
            DecideConsentUseCase decide,
            ListConsentsUseCase list,
            WithdrawConsentUseCase withdraw,
            ClientAddressResolver clients,
            WebMetrics metrics) {
        this.requestLink = requestLink;
        this.preview = preview;
        this.decide = decide;
        this.list = list;
        this.withdraw = withdraw;
        this.clients = clients;
        this.metrics = metrics;
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record OwnerLinkBody(@Nullable String email, @Nullable String purpose) {}

    @Serdeable
    record LinkRequestedBody(String status, String message) {}

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record TokenBody(@Nullable String token) {

        @Override
        public String toString() {
            return "TokenBody[(masked)]";
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record DecisionBody(@Nullable String token, @Nullable String decision) {

        @Override
        public String toString() {
            return "DecisionBody[(masked), " + decision + "]";
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record WithdrawBody(@Nullable String token, @Nullable String integrationId) {

        @Override
        public String toString() {
            return "WithdrawBody[(masked), " + integrationId + "]";
        }
    }

    @Serdeable
    record IntegrationBody(String id, String name) {}

    @Serdeable
    record ScopeBody(String scope, String description) {}

    @Serdeable
    record PreviewBody(IntegrationBody integration, List<ScopeBody> scopes, String expiresAt) {}

    @Serdeable
    record DecidedBody(String status) {}

    @Serdeable
    record ConsentBody(IntegrationBody integration, List<ScopeBody> scopes, String grantedAt, String updatedAt) {}

    /** {@code consents} is always present, an empty list when nothing is granted. */
    @Serdeable
    record ConsentsBody(
            @JsonInclude(JsonInclude.Include.ALWAYS) List<ConsentBody> consents, String expiresAt) {}

    @Serdeable
    record WithdrawnBody(String status) {}

    @Override
    @Post(uri = "/owner-links", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> requestLink(HttpRequest<?> http, @Body OwnerLinkBody body) {
        FieldCheck check = new FieldCheck();
        EmailAddress email = check.field("email", body.email(), EmailAddress::of);
        LinkPurpose purpose = check.field("purpose", body.purpose(), OwnerConsentController::offeredPurpose);
        if (check.failed()) {
            return check.problem().toResponse();
        }
        metrics.ownerLinkRequested(purpose.name().toLowerCase(java.util.Locale.ROOT));
        return switch (requestLink.request(new RequestOwnerLinkUseCase.Command(email, purpose, clients.of(http)))) {
            case RequestOwnerLinkUseCase.Result.Accepted() ->
                HttpResponse.status(HttpStatus.ACCEPTED).body(new LinkRequestedBody("ACCEPTED", LINK_SENT_MESSAGE));
            case RequestOwnerLinkUseCase.Result.RateLimited(var retryAfter) -> {
                metrics.rateLimited("owner-links");
                yield RateLimitedResponses.tooMany(retryAfter);
            }
        };
    }

    @Override
    @Post(
            uri = "/consent-decisions/preview",
            consumes = MediaType.APPLICATION_JSON,
            produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> preview(@Body TokenBody body) {
        FieldCheck check = new FieldCheck();
        check.require("token", body.token());
        if (check.failed()) {
            return check.problem().toResponse();
        }
        return switch (preview.preview(body.token())) {
            case PreviewConsentUseCase.Result.Preview(var id, var name, var scopes, var expiresAt) ->
                HttpResponse.ok(new PreviewBody(
                        new IntegrationBody(id.value(), name.value()), scopes(scopes), expiresAt.toString()));
            case PreviewConsentUseCase.Result.LinkNotValid() -> LINK_NOT_VALID.toResponse();
        };
    }

    @Override
    @Post(uri = "/consent-decisions", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> decide(HttpRequest<?> http, @Body DecisionBody body) {
        FieldCheck check = new FieldCheck();
        check.require("token", body.token());
        DecideConsentUseCase.Decision decision =
                check.field("decision", body.decision(), OwnerConsentController::decision);
        if (check.failed()) {
            return check.problem().toResponse();
        }
        return switch (decide.decide(new DecideConsentUseCase.Command(body.token(), decision, clients.of(http)))) {
            case DecideConsentUseCase.Result.Granted granted -> {
                metrics.consent("granted");
                yield HttpResponse.ok(new DecidedBody("GRANTED"));
            }
            case DecideConsentUseCase.Result.Denied() -> {
                metrics.consent("denied");
                yield HttpResponse.ok(new DecidedBody("DENIED"));
            }
            case DecideConsentUseCase.Result.LinkNotValid() -> LINK_NOT_VALID.toResponse();
        };
    }

    @Override
    @Post(uri = "/consents/list", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> list(@Body TokenBody body) {
        FieldCheck check = new FieldCheck();
        check.require("token", body.token());
        if (check.failed()) {
            return check.problem().toResponse();
        }
        return switch (list.list(body.token())) {
            case ListConsentsUseCase.Result.Listed(var consents, var expiresAt) ->
                HttpResponse.ok(new ConsentsBody(
                        consents.stream()
                                .map(consent -> new ConsentBody(
                                        new IntegrationBody(
                                                consent.integrationId().value(),
                                                consent.integrationName().value()),
                                        scopes(consent.scopes()),
                                        consent.grantedAt().toString(),
                                        consent.updatedAt().toString()))
                                .toList(),
                        expiresAt.toString()));
            case ListConsentsUseCase.Result.LinkNotValid() -> LINK_NOT_VALID.toResponse();
        };
    }

    @Override
    @Post(uri = "/consents/withdraw", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> withdraw(HttpRequest<?> http, @Body WithdrawBody body) {
        FieldCheck check = new FieldCheck();
        check.require("token", body.token());
        IntegrationId integration = check.field("integrationId", body.integrationId(), IntegrationId::new);
        if (check.failed()) {
            return check.problem().toResponse();
        }
        return switch (withdraw.withdraw(
                new WithdrawConsentUseCase.Command(body.token(), integration, clients.of(http)))) {
            case WithdrawConsentUseCase.Result.Withdrawn() -> {
                metrics.consent("withdrawn");
                yield HttpResponse.ok(new WithdrawnBody("WITHDRAWN"));
            }
            case WithdrawConsentUseCase.Result.NotGranted() ->
                Problem.of(ProblemCode.NOT_FOUND, "This integration holds no consent of yours.")
                        .toResponse();
            case WithdrawConsentUseCase.Result.LinkNotValid() -> LINK_NOT_VALID.toResponse();
        };
    }

    private static List<ScopeBody> scopes(List<ScopeDescription> scopes) {
        return scopes.stream()
                .map(scope -> new ScopeBody(scope.scope().value(), scope.description()))
                .toList();
    }

    private static LinkPurpose offeredPurpose(String raw) {
        for (LinkPurpose purpose : OFFERED) {
            if (purpose.name().equals(raw)) {
                return purpose;
            }
        }
        throw new IllegalArgumentException("must be one of " + OFFERED);
    }

    private static DecideConsentUseCase.Decision decision(String raw) {
        for (DecideConsentUseCase.Decision decision : DecideConsentUseCase.Decision.values()) {
            if (decision.name().equals(raw)) {
                return decision;
            }
        }
        throw new IllegalArgumentException("must be APPROVE or DENY");
    }
}
