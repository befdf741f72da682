package com.latchkey.adapters.web;

import com.latchkey.application.port.in.CheckIntegrationAccessUseCase;
import com.latchkey.application.port.in.DecideConsentUseCase;
import com.latchkey.application.port.in.ListConsentsUseCase;
import com.latchkey.application.port.in.PreviewConsentUseCase;
import com.latchkey.application.port.in.RequestConsentUseCase;
import com.latchkey.application.port.in.RequestOwnerLinkUseCase;
import com.latchkey.application.port.in.ScopeDescription;
import com.latchkey.application.port.in.WithdrawConsentUseCase;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.OwnerLinkId;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.Scope;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** The consent use cases behind the controllers, scripted by the token, key or secret they are given. */
@Singleton
class FakeConsentUseCases
        implements RequestConsentUseCase,
                CheckIntegrationAccessUseCase,
                RequestOwnerLinkUseCase,
                PreviewConsentUseCase,
                DecideConsentUseCase,
                ListConsentsUseCase,
                WithdrawConsentUseCase {

    static final OwnerLinkId REQUEST_ID = new OwnerLinkId(UUID.fromString("8a6f0b1e-0c2d-4f3e-9a1b-2c3d4e5f6a7b"));
    static final Instant EXPIRES_AT = Instant.parse("2026-11-30T10:00:00Z");
    static final String SECRET = "right-secret";

    final List<RequestConsentUseCase.Command> consentRequests = new CopyOnWriteArrayList<>();
    final List<RequestOwnerLinkUseCase.Command> linkRequests = new CopyOnWriteArrayList<>();
    final List<DecideConsentUseCase.Command> decisions = new CopyOnWriteArrayList<>();

    @Override
    public RequestConsentUseCase.Result request(RequestConsentUseCase.Command command) {
        consentRequests.add(command);
        if (!command.integration().secret().equals(SECRET)) {
            return new RequestConsentUseCase.Result.InvalidIntegration();
        }
        if (command.scopes().contains("orders:write")) {
            return new RequestConsentUseCase.Result.ScopesNotRegistered(List.of("orders:write"));
        }
        return switch (command.apiKey()) {
            case "active-key" -> new RequestConsentUseCase.Result.Requested(REQUEST_ID);
            case "limited-key" -> new RequestConsentUseCase.Result.RateLimited(Duration.ofHours(20));
            default -> new RequestConsentUseCase.Result.InvalidCredentials();
        };
    }

    @Override
    public CheckIntegrationAccessUseCase.Result check(CheckIntegrationAccessUseCase.Command command) {
        if (!command.integration().secret().equals(SECRET)) {
            return new CheckIntegrationAccessUseCase.Result.InvalidIntegration();
        }
        return switch (command.apiKey()) {
            case "granted-key" ->
                new CheckIntegrationAccessUseCase.Result.Access(
                        FakeUseCases.STORE_ID,
                        FakeUseCases.KEY_ID,
                        new TreeSet<>(List.of(new Scope("owner:read"), new Scope("orders:read"))),
                        Optional.of(new Owner(OwnerName.of("Jane's Shop"), EmailAddress.of("jane@shop.example"))));
            case "active-key" ->
                new CheckIntegrationAccessUseCase.Result.Access(
                        FakeUseCases.STORE_ID, FakeUseCases.KEY_ID, new TreeSet<>(), Optional.empty());
            default -> new CheckIntegrationAccessUseCase.Result.InvalidCredentials();
        };
    }

    @Override
    public RequestOwnerLinkUseCase.Result request(RequestOwnerLinkUseCase.Command command) {
        linkRequests.add(command);
        return command.email().value().startsWith("limited@")
                ? new RequestOwnerLinkUseCase.Result.RateLimited(Duration.ofMinutes(50))
                : new RequestOwnerLinkUseCase.Result.Accepted();
    }

    @Override
    public PreviewConsentUseCase.Result preview(String token) {
        return token.equals("consent-token")
                ? new PreviewConsentUseCase.Result.Preview(
                        new IntegrationId("acme-crm"),
                        new IntegrationName("Acme CRM"),
                        List.of(new ScopeDescription(new Scope("orders:read"), "see your orders")),
                        EXPIRES_AT)
                : new PreviewConsentUseCase.Result.LinkNotValid();
    }

    @Override
    public DecideConsentUseCase.Result decide(DecideConsentUseCase.Command command) {
        decisions.add(command);
        if (!command.token().equals("consent-token")) {
            return new DecideConsentUseCase.Result.LinkNotValid();
        }
        return switch (command.decision()) {
            case APPROVE -> new DecideConsentUseCase.Result.Granted(new TreeSet<>(List.of(new Scope("orders:read"))));
            case DENY -> new DecideConsentUseCase.Result.Denied();
        };
    }

    @Override
    public ListConsentsUseCase.Result list(String token) {
        return switch (token) {
            case "manage-token" ->
                new ListConsentsUseCase.Result.Listed(
                        List.of(new Consent(
                                new IntegrationId("acme-crm"),
                                new IntegrationName("Acme CRM"),
                                List.of(new ScopeDescription(new Scope("orders:read"), "see your orders")),
                                Instant.parse("2026-11-28T10:00:00Z"),
                                Instant.parse("2026-11-28T11:00:00Z"))),
                        EXPIRES_AT);
            case "empty-token" -> new ListConsentsUseCase.Result.Listed(List.of(), EXPIRES_AT);
            default -> new ListConsentsUseCase.Result.LinkNotValid();
        };
    }

    @Override
    public WithdrawConsentUseCase.Result withdraw(WithdrawConsentUseCase.Command command) {
        if (!command.token().equals("manage-token")) {
            return new WithdrawConsentUseCase.Result.LinkNotValid();
        }
        return command.integrationId().value().equals("acme-crm")
                ? new WithdrawConsentUseCase.Result.Withdrawn()
                : new WithdrawConsentUseCase.Result.NotGranted();
    }
}
