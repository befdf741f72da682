package com.latchkey.adapters.web;

import com.latchkey.application.port.in.AuthenticateOperatorUseCase;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Lets nothing under {@code /admin/api/v1} through without the admin token: one check for every
 * admin route, present and future, before any of them runs (and before an unknown admin path is
 * answered 404, so the paths tell nothing to a caller without the token). Without
 * {@code LATCHKEY_ADMIN_TOKEN} neither this filter nor the admin routes exist: every admin path is 404.
 * On a virtual thread: a failure takes from the limit store and is audited.
 */
@ServerFilter(AdminAccessFilter.ADMIN_PATHS)
@Requires(property = AdminAccessFilter.ADMIN_TOKEN)
@ExecuteOn(TaskExecutors.BLOCKING)
class AdminAccessFilter {

    static final String ADMIN_PATHS = "/admin/api/v1/**";
    /** The setting that turns the admin API on: {@code LATCHKEY_ADMIN_TOKEN}. */
    static final String ADMIN_TOKEN = "latchkey.admin.token";

    private final AuthenticateOperatorUseCase operators;
    private final ClientAddressResolver clients;
    private final WebMetrics metrics;

    AdminAccessFilter(AuthenticateOperatorUseCase operators, ClientAddressResolver clients, WebMetrics metrics) {
        this.operators = operators;
        this.clients = clients;
        this.metrics = metrics;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> requireAdminToken(HttpRequest<?> request) {
        String presented = IntegrationController.bearer(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        return switch (operators.authenticate(
                new AuthenticateOperatorUseCase.Command(presented, clients.of(request)))) {
            case AuthenticateOperatorUseCase.Result.Authenticated() -> null;
            case AuthenticateOperatorUseCase.Result.InvalidCredentials() ->
                Problem.of(ProblemCode.INVALID_ADMIN_TOKEN).toResponse().header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            case AuthenticateOperatorUseCase.Result.RateLimited(var retryAfter) -> {
                metrics.rateLimited("admin");
                yield RateLimitedResponses.tooMany(retryAfter);
            }
        };
    }

    @ResponseFilter
    void noStore(MutableHttpResponse<?> response) {
        response.header("Cache-Control", "no-store");
    }
}
