package com.latchkey.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A client of Latchkey's HTTP API (version 1) for integrations and store back-ends, on the JDK's
 * {@link HttpClient} and Jackson alone. Thread-safe; make one per service and share it.
 *
 * <p>Every call returns a sealed result: the success, or the service's expected answers as records
 * named for their problem {@code code} ({@link InvalidCredentials}, {@link RateLimited}, …), so a
 * {@code switch} over it covers every case. Only faults throw ({@link LatchkeyClientException}): the
 * service unreachable or silent after the retries the {@link RetryPolicy} allows, or an interrupt.
 * Which calls are retried on what is said there.
 *
 * <p>Keys and integration secrets are sent in the {@code Authorization} header or the JSON body only,
 * and appear in no {@code toString()}, exception message or log line of this client.
 */
public final class LatchkeyClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LatchkeyClient.class.getName());
    private static final String USER_AGENT = "latchkey-client/1";

    /** Waits between attempts; a test hands in its own to see the waits without spending them. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration wait) throws InterruptedException;
    }

    private record Answer(int status, Optional<String> retryAfter, String body) {}

    private record Problem(String code, String detail, List<ValidationFailed.FieldError> errors) {}

    private final String base;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final RetryPolicy retries;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final IdentityCache identities;
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private LatchkeyClient(Builder builder) {
        String url = builder.baseUrl.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.http = HttpClient.newBuilder()
                .connectTimeout(builder.connectTimeout)
                // h2c upgrades on plain http buy nothing here; over https ALPN chooses
                .version(
                        "http".equalsIgnoreCase(builder.baseUrl.getScheme())
                                ? HttpClient.Version.HTTP_1_1
                                : HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = builder.requestTimeout;
        this.retries = builder.retries;
        this.backoff = new Backoff(builder.retries, builder.clock, builder.random);
        this.sleeper = builder.sleeper;
        this.identities = builder.identityTtl.isZero()
                ? null
                : new IdentityCache(builder.identityTtl, builder.identityCacheSize, builder.clock);
    }

    /** A client of the service at {@code baseUrl} (for example {@code https://keys.example.com}). */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Asks for a key for {@code email}; the key is mailed, never answered. Not repeated after it may
     * have reached the service (a second request would supersede the first key and mail again).
     */
    public KeyRequestResult requestKey(String name, String email) {
        ObjectNode body = json.createObjectNode().put("name", name).put("email", email);
        Answer answer = exchange(Operation.REQUEST_KEY, post("/api/v1/key-requests", body));
        return switch (answer.status()) {
            case 202 ->
                read(
                        answer,
                        node -> new KeyRequestResult.Accepted(uuid(node, "requestId"), text(node, "message")),
                        unexpected -> unexpected);
            case 400 -> {
                Problem problem = problem(answer);
                yield isValidation(problem) ? validationFailed(problem) : unexpected(answer);
            }
            case 429 -> rateLimited(answer);
            default -> unexpected(answer);
        };
    }

    /** How the delivery of a key request stands: follow it until {@code SENT} or {@code FAILED}. */
    public KeyRequestStatusResult keyRequestStatus(UUID requestId) {
        Objects.requireNonNull(requestId, "requestId");
        Answer answer = exchange(
                Operation.KEY_REQUEST_STATUS,
                get("/api/v1/key-requests/" + requestId).build());
        return switch (answer.status()) {
            case 200 ->
                read(
                        answer,
                        node -> new KeyRequestStatusResult.Found(
                                uuid(node, "requestId"),
                                KeyRequestStatusResult.Delivery.valueOf(text(node, "status")),
                                node.required("attempts").asInt(),
                                instant(node, "updatedAt")),
                        unexpected -> unexpected);
            case 404 -> problem(answer).code().equals("NOT_FOUND") ? new NotFound() : unexpected(answer);
            default -> unexpected(answer);
        };
    }

    /** Proves a key with the email it was mailed to; the first verification activates it. */
    public VerifyResult verify(String email, ApiKey key) {
        Objects.requireNonNull(key, "key");
        ObjectNode body = json.createObjectNode().put("email", email).put("apiKey", key.value());
        Answer answer = exchange(Operation.VERIFY, post("/api/v1/keys/verify", body));
        return switch (answer.status()) {
            case 200 ->
                read(
                        answer,
                        node -> new VerifyResult.Verified(
                                uuid(node, "keyId"), instant(node, "verifiedAt"), text(node, "message")),
                        unexpected -> unexpected);
            case 400 -> {
                Problem problem = problem(answer);
                yield isValidation(problem) ? validationFailed(problem) : unexpected(answer);
            }
            case 401 -> new InvalidCredentials();
            case 403 ->
                switch (problem(answer).code()) {
                    case "KEY_REVOKED" -> new KeyRevoked();
                    case "KEY_EXPIRED" -> new KeyExpired();
                    default -> unexpected(answer);
                };
            case 429 -> rateLimited(answer);
            default -> unexpected(answer);
        };
    }

    /**
     * Which store an active key identifies ({@code Authorization: Bearer}). With an identity cache
     * ({@link Builder#identityCache}), an identity answered within its time to live is answered again
     * without a call; refusals are never cached.
     */
    public IdentifyResult identify(ApiKey key) {
        Objects.requireNonNull(key, "key");
        if (identities != null) {
            Optional<IdentifyResult.Identified> known = identities.get(key);
            if (known.isPresent()) {
                return known.get();
            }
        }
        Answer answer = exchange(
                Operation.IDENTIFY,
                get("/api/v1/integrations/me")
                        .header("Authorization", "Bearer " + key.value())
                        .build());
        IdentifyResult result = switch (answer.status()) {
            case 200 ->
                read(
                        answer,
                        node -> new IdentifyResult.Identified(
                                uuid(node, "keyId"),
                                text(node, "storeId"),
                                text(node, "status"),
                                instant(node, "verifiedAt"),
                                strings(node.required("scopes"))),
                        unexpected -> unexpected);
            case 401 -> new InvalidCredentials();
            case 429 -> rateLimited(answer);
            default -> unexpected(answer);
        };
        if (identities != null && result instanceof IdentifyResult.Identified identity) {
            identities.put(key, identity);
        }
        return result;
    }

    /**
     * Revokes the key presented ({@code Authorization: Bearer}): it works nowhere any more. Forgets the
     * key's cached identity first. Not repeated after it may have reached the service.
     */
    public RevokeResult revoke(ApiKey key) {
        Objects.requireNonNull(key, "key");
        if (identities != null) {
            identities.forget(key);
        }
        Answer answer = exchange(
                Operation.REVOKE,
                request("/api/v1/keys/revoke")
                        .header("Authorization", "Bearer " + key.value())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
        return switch (answer.status()) {
            case 200 -> read(answer, node -> new RevokeResult.Revoked(uuid(node, "keyId")), unexpected -> unexpected);
            case 401 -> new InvalidCredentials();
            case 429 -> rateLimited(answer);
            default -> unexpected(answer);
        };
    }

    /**
     * What the owner of the store behind {@code key} granted this integration (HTTP Basic): {@link
     * AccessResult.Granted}, or {@link AccessResult.NoConsent} while nothing is granted.
     */
    public AccessResult checkAccess(IntegrationCredentials integration, ApiKey key) {
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(key, "key");
        ObjectNode body = json.createObjectNode().put("apiKey", key.value());
        Answer answer = exchange(
                Operation.CHECK_ACCESS,
                postBuilder("/api/v1/integrations/access", body)
                        .header("Authorization", integration.basicAuthorization())
                        .build());
        return switch (answer.status()) {
            case 200 -> read(answer, LatchkeyClient::access, unexpected -> unexpected);
            case 401 ->
                switch (problem(answer).code()) {
                    case "INVALID_INTEGRATION" -> new InvalidIntegration();
                    case "INVALID_CREDENTIALS" -> new InvalidCredentials();
                    default -> unexpected(answer);
                };
            case 429 -> rateLimited(answer);
            default -> unexpected(answer);
        };
    }

    /**
     * Asks the owner of the store behind an active {@code key} to grant this integration {@code
     * scopes}; the owner is mailed a one-time link. Not repeated after it may have reached the service
     * (it would mail the owner again, and an integration may ask one store three times a day).
     */
    public ConsentRequestResult requestConsent(
            IntegrationCredentials integration, ApiKey key, Collection<String> scopes) {
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(key, "key");
        ObjectNode body = json.createObjectNode().put("apiKey", key.value());
        scopes.forEach(body.putArray("scopes")::add);
        Answer answer = exchange(
                Operation.REQUEST_CONSENT,
                postBuilder("/api/v1/consent-requests", body)
                        .header("Authorization", integration.basicAuthorization())
                        .build());
        return switch (answer.status()) {
            case 202 ->
                read(
                        answer,
                        node -> new ConsentRequestResult.Requested(uuid(node, "consentRequestId")),
                        unexpected -> unexpected);
            case 400 -> {
                Problem problem = problem(answer);
                yield isValidation(problem) ? validationFailed(problem) : unexpected(answer);
            }
            case 401 ->
                switch (problem(answer).code()) {
                    case "INVALID_INTEGRATION" -> new InvalidIntegration();
                    case "INVALID_CREDENTIALS" -> new InvalidCredentials();
                    default -> unexpected(answer);
                };
            case 429 -> rateLimited(answer);
            default -> unexpected(answer);
        };
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "LatchkeyClient[" + base + "]";
    }

    /** Sends, and sends again while the policy says so; the last answer is the caller's. */
    private Answer exchange(Operation operation, HttpRequest request) {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= retries.maxAttempts();
            Answer answer;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                answer = new Answer(
                        response.statusCode(), response.headers().firstValue("Retry-After"), response.body());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new LatchkeyClientException(operation + " was interrupted", interrupted);
            } catch (IOException failure) {
                boolean nothingSent =
                        failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException;
                if (last || !(nothingSent || operation.safeToRepeat())) {
                    throw new LatchkeyClientException(
                            operation + " failed after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ")
                                    + failure.getClass().getSimpleName(),
                            failure);
                }
                pause(
                        operation,
                        attempt,
                        backoff.after(attempt),
                        failure.getClass().getSimpleName());
                continue;
            }
            boolean retryable = answer.status() == 429 || (answer.status() == 503 && operation.safeToRepeat());
            if (last || !retryable) {
                return answer;
            }
            Optional<Duration> asked = answer.retryAfter().flatMap(backoff::retryAfter);
            if (asked.isPresent() && asked.get().compareTo(retries.maxRetryAfter()) > 0) {
                return answer;
            }
            Duration wait = asked.isPresent() ? backoff.honouring(asked.get()) : backoff.after(attempt);
            pause(operation, attempt, wait, Integer.toString(answer.status()));
        }
    }

    private void pause(Operation operation, int attempt, Duration wait, String why) {
        LOG.log(
                System.Logger.Level.DEBUG,
                "{0} answered {1}; attempt {2} of {3} in {4} ms",
                operation,
                why,
                attempt + 1,
                retries.maxAttempts(),
                wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new LatchkeyClientException(operation + " was interrupted while waiting to try again", interrupted);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", USER_AGENT);
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest post(String path, ObjectNode body) {
        return postBuilder(path, body).build();
    }

    private HttpRequest.Builder postBuilder(String path, ObjectNode body) {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    /** A JSON body read into a result; a body that is not the documented shape is an unexpected answer. */
    private <R> R read(Answer answer, BodyReader<R> reader, Function<UnexpectedAnswer, R> otherwise) {
        try {
            return reader.read(json.readTree(answer.body()));
        } catch (IOException | RuntimeException notTheShape) {
            return otherwise.apply(new UnexpectedAnswer(
                    answer.status(),
                    null,
                    "the answer is not the documented JSON: "
                            + notTheShape.getClass().getSimpleName()));
        }
    }

    @FunctionalInterface
    private interface BodyReader<R> {
        R read(JsonNode node) throws IOException;
    }

    private static AccessResult access(JsonNode node) {
        String storeId = text(node, "storeId");
        UUID keyId = uuid(node, "keyId");
        Set<String> scopes = new LinkedHashSet<>(strings(node.required("scopes")));
        if (scopes.isEmpty()) {
            return new AccessResult.NoConsent(storeId, keyId);
        }
        JsonNode owner = node.get("owner");
        return new AccessResult.Granted(
                storeId,
                keyId,
                scopes,
                owner == null || owner.isNull()
                        ? Optional.empty()
                        : Optional.of(new AccessResult.Owner(text(owner, "name"), text(owner, "email"))));
    }

    private Problem problem(Answer answer) {
        try {
            JsonNode node = json.readTree(answer.body());
            if (node != null && node.isObject()) {
                List<ValidationFailed.FieldError> errors = new ArrayList<>();
                JsonNode list = node.path("errors");
                for (JsonNode error : list) {
                    errors.add(new ValidationFailed.FieldError(
                            error.path("field").asText(""),
                            error.path("message").asText("")));
                }
                return new Problem(
                        node.path("code").asText(""), node.path("detail").asText(""), errors);
            }
        } catch (IOException notJson) {
            // not a problem document: a proxy's page, say
        }
        return new Problem("", "", List.of());
    }

    private ValidationFailed validationFailed(Problem problem) {
        return new ValidationFailed(problem.code(), problem.errors());
    }

    private static boolean isValidation(Problem problem) {
        return problem.code().equals("VALIDATION_FAILED") || problem.code().equals("MALFORMED_REQUEST");
    }

    private RateLimited rateLimited(Answer answer) {
        return new RateLimited(answer.retryAfter().flatMap(backoff::retryAfter).orElse(Duration.ZERO));
    }

    private UnexpectedAnswer unexpected(Answer answer) {
        Problem problem = problem(answer);
        return new UnexpectedAnswer(
                answer.status(),
                problem.code().isEmpty() ? null : problem.code(),
                problem.detail().isEmpty() ? "HTTP " + answer.status() : problem.detail());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.required(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return value.asText();
    }

    private static UUID uuid(JsonNode node, String field) {
        return UUID.fromString(text(node, field));
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException notAnInstant) {
            throw new IllegalArgumentException(field + " is not an instant", notAnInstant);
        }
    }

    private static List<String> strings(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("not a list");
        }
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /**
     * The client's settings. Defaults: connect timeout 5 s, request timeout 10 s, {@link
     * RetryPolicy#defaults()}, no identity cache.
     */
    public static final class Builder {

        private final URI baseUrl;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private RetryPolicy retries = RetryPolicy.defaults();
        private Duration identityTtl = Duration.ZERO;
        private int identityCacheSize = 10_000;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = RandomGenerator.getDefault();
        private Sleeper sleeper = wait -> Thread.sleep(wait);

        private Builder(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (!"http".equalsIgnoreCase(baseUrl.getScheme()) && !"https".equalsIgnoreCase(baseUrl.getScheme())) {
                throw new IllegalArgumentException("the base URL must be http or https");
            }
            this.baseUrl = baseUrl;
        }

        /** How long opening a connection may take. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long one attempt may wait for its answer's head. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        public Builder retries(RetryPolicy policy) {
            this.retries = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Keeps {@link IdentifyResult.Identified} answers for {@code ttl} (up to 10,000 keys), keyed by a
         * digest of the key, never the key. A key revoked elsewhere is still answered as identified
         * until its entry is {@code ttl} old: keep it short. {@link Duration#ZERO} (the default) turns
         * the cache off.
         */
        public Builder identityCache(Duration ttl) {
            return identityCache(ttl, 10_000);
        }

        /** As {@link #identityCache(Duration)}, holding at most {@code maxEntries} keys (least recently used go first). */
        public Builder identityCache(Duration ttl, int maxEntries) {
            if (ttl == null || ttl.isNegative()) {
                throw new IllegalArgumentException("the identity cache's ttl must be zero (off) or positive");
            }
            if (maxEntries < 1) {
                throw new IllegalArgumentException("the identity cache must hold at least one key");
            }
            this.identityTtl = ttl;
            this.identityCacheSize = maxEntries;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public LatchkeyClient build() {
            return new LatchkeyClient(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
