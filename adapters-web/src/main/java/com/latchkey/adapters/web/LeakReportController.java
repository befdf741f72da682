package com.latchkey.adapters.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.latchkey.application.port.in.ReportLeakedKeysUseCase;
import com.latchkey.application.port.in.ReportLeakedKeysUseCase.ReportedToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where secret scanners report keys found in public, in GitHub's secret-scanning partner format
 * (SPEC §10): the body is taken as bytes, exactly as signed, and read as a report only when the
 * use case asks, after it has checked the signature. Bodies up to {@link #MAX_BODY} ({@link BodyLimit}).
 */
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class LeakReportController implements LeakReportApi {

    /** The largest report taken: a scanner sends its findings in batches well under it. */
    static final int MAX_BODY = 1024 * 1024;

    static final String KEY_IDENTIFIER = "Github-Public-Key-Identifier";
    static final String SIGNATURE = "Github-Public-Key-Signature";

    private final ReportLeakedKeysUseCase reportLeakedKeys;
    private final ClientAddressResolver clients;
    private final JsonMapper json;
    private final WebMetrics metrics;

    LeakReportController(
            ReportLeakedKeysUseCase reportLeakedKeys,
            ClientAddressResolver clients,
            JsonMapper json,
            WebMetrics metrics) {
        this.reportLeakedKeys = reportLeakedKeys;
        this.clients = clients;
        this.json = json;
        this.metrics = metrics;
    }

    /** One finding as GitHub sends it; members it may add later are ignored. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FindingBody(
            @Nullable String token,
            @Nullable String type,
            @Nullable String url,
            @Nullable String source) {

        @Override
        public String toString() {
            return "FindingBody[(token), " + type + "]";
        }
    }

    /** GitHub's answer shape: the token as it was sent, its type, and what it turned out to be. */
    @Serdeable
    record LabelBody(
            @JsonProperty("token_raw") String tokenRaw,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("label") String label) {

        @Override
        public String toString() {
            return "LabelBody[(token), " + label + "]";
        }
    }

    @Override
    @Post(uri = "/leaks", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> report(
            HttpRequest<?> http,
            @Nullable @Header(KEY_IDENTIFIER) String keyIdentifier,
            @Nullable @Header(SIGNATURE) String signature,
            @Body byte[] body) {
        ReportLeakedKeysUseCase.Result result = reportLeakedKeys.report(
                new ReportLeakedKeysUseCase.Report(keyIdentifier, signature, body, () -> findings(body)),
                clients.of(http));
        return switch (result) {
            case ReportLeakedKeysUseCase.Result.Accepted(var labels) -> {
                labels.forEach(
                        labelled -> metrics.leakReported(labelled.label().name().toLowerCase(Locale.ROOT)));
                yield HttpResponse.ok(labels.stream()
                        .map(labelled -> new LabelBody(
                                labelled.token().token(),
                                labelled.token().type(),
                                labelled.label().name().toLowerCase(Locale.ROOT)))
                        .toList());
            }
            case ReportLeakedKeysUseCase.Result.NotSigned() ->
                Problem.of(ProblemCode.INVALID_SIGNATURE).toResponse();
            case ReportLeakedKeysUseCase.Result.RateLimited(var retryAfter) -> {
                metrics.rateLimited("leaks");
                yield RateLimitedResponses.tooMany(retryAfter);
            }
            case ReportLeakedKeysUseCase.Result.Malformed(var reason) ->
                Problem.of(ProblemCode.MALFORMED_REQUEST, "The report is not valid: " + reason + ".")
                        .toResponse();
        };
    }

    /** The findings the body holds, or nothing when it is not a JSON array of findings each with a token. */
    private Optional<List<ReportedToken>> findings(byte[] body) {
        try {
            List<FindingBody> findings = json.readValue(body, Argument.listOf(FindingBody.class));
            if (findings == null || findings.stream().anyMatch(finding -> finding == null || finding.token() == null)) {
                return Optional.empty();
            }
            return Optional.of(findings.stream()
                    .map(finding -> new ReportedToken(
                            finding.token(), finding.type(), webAddress(finding.url()), finding.source()))
                    .toList());
        } catch (IOException | RuntimeException notAReport) {
            return Optional.empty();
        }
    }

    /** Where a token was found, when it is an absolute http(s) address; anything else is left out. */
    private static Optional<URI> webAddress(@Nullable String url) {
        if (url == null || url.length() > 2000) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
                    ? Optional.of(uri)
                    : Optional.empty();
        } catch (URISyntaxException malformed) {
            return Optional.empty();
        }
    }
}
