package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.application.port.in.AuthenticateOperatorUseCase;
import com.latchkey.application.port.in.RegisterIntegrationUseCase;
import com.latchkey.application.port.in.ReportLeakedKeysUseCase;
import com.latchkey.application.port.in.RevokeKeyByIdUseCase;
import com.latchkey.application.port.out.CheckLeakReportSignaturePort;
import com.latchkey.application.port.out.OwnerNotice;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveIntegrationPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.Integration;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.Scope;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operators' services against fakes of their ports: the token, the registry, revocation by id. */
class OperatorServicesTest {

    private static final String TOKEN = "the-admin-token-0123456789abcdefghij";
    private static final EmailAddress OWNER = EmailAddress.of("jane@example.com");
    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final Random random = new Random(14);
    private final Fakes.Keys keys = new Fakes.Keys();
    private final Fakes.Audit audit = new Fakes.Audit();
    private final Fakes.Buckets buckets = new Fakes.Buckets();
    private final List<OwnerNotice> notices = new ArrayList<>();
    private final SendOwnerNoticePort mail = notices::add;

    private AuthenticateOperatorUseCase.Result authenticate(AuthenticateOperatorService service, String presented) {
        return service.authenticate(new AuthenticateOperatorUseCase.Command(presented, Fixtures.CLIENT));
    }

    @Test
    void theAdminTokenLetsInAndAnAddressOverItsLimitIsRefusedWhateverItPresents() {
        var service = new AuthenticateOperatorService(
                TOKEN + "\n", buckets, new RateLimit("admin-client", 2, Duration.ofMinutes(15)), audit, Fixtures.CLOCK);

        assertThat(authenticate(service, TOKEN))
                .as("the configured token is stripped")
                .isInstanceOf(AuthenticateOperatorUseCase.Result.Authenticated.class);
        assertThat(authenticate(service, TOKEN + "x"))
                .isInstanceOf(AuthenticateOperatorUseCase.Result.InvalidCredentials.class);
        assertThat(authenticate(service, "")).isInstanceOf(AuthenticateOperatorUseCase.Result.InvalidCredentials.class);
        assertThat(authenticate(service, TOKEN.substring(1)))
                .isEqualTo(new AuthenticateOperatorUseCase.Result.RateLimited(Duration.ofMinutes(15)));
        assertThat(authenticate(service, TOKEN))
                .as("a guesser over the limit learns nothing, not even from the right token")
                .isEqualTo(new AuthenticateOperatorUseCase.Result.RateLimited(Duration.ofMinutes(15)));
        assertThat(service.authenticate(new AuthenticateOperatorUseCase.Command(
                        TOKEN, new com.latchkey.domain.ClientAddress("198.51.100.1"))))
                .as("another address is not refused")
                .isInstanceOf(AuthenticateOperatorUseCase.Result.Authenticated.class);
        assertThat(audit.types())
                .containsExactly(
                        SecurityEvent.Type.AUTHENTICATION_FAILED,
                        SecurityEvent.Type.AUTHENTICATION_FAILED,
                        SecurityEvent.Type.RATE_LIMITED,
                        SecurityEvent.Type.RATE_LIMITED);
        assertThatThrownBy(() -> new AuthenticateOperatorService(
                        " ".repeat(40),
                        buckets,
                        new RateLimit("admin-client", 2, Duration.ofMinutes(15)),
                        audit,
                        Fixtures.CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Integrations by id, as a store keeps them. */
    private static final class Integrations implements SaveIntegrationPort {

        final Map<IntegrationId, Integration> byId = new LinkedHashMap<>();

        @Override
        public boolean insert(Integration integration) {
            return byId.putIfAbsent(integration.id(), integration) == null;
        }

        @Override
        public boolean delete(IntegrationId id) {
            return byId.remove(id) != null;
        }
    }

    @Test
    void anIntegrationIsRegisteredWithADigestOfItsSecretOnlyForConfiguredScopesAndOnce() {
        Integrations integrations = new Integrations();
        ScopeCatalog catalog = ScopeCatalog.of(Map.of(
                new Scope("orders:read"), "see your orders", new Scope("owner:read"), "see your name and email"));
        var service = new RegisterIntegrationService(
                integrations,
                Fixtures.DIGEST,
                ApiKeyFormat.withPrefix("eci_"),
                catalog,
                audit,
                Fixtures.CLOCK,
                new SecureRandom());
        IntegrationId id = new IntegrationId("acme-crm");

        var registered =
                (RegisterIntegrationUseCase.Result.Registered) service.register(new RegisterIntegrationUseCase.Command(
                        id, new IntegrationName("Acme CRM"), Set.of("orders:read"), Fixtures.CLIENT));

        assertThat(registered.secret().reveal()).startsWith("eci_").hasSize(42);
        Integration stored = integrations.byId.get(id);
        assertThat(stored.secretDigest()).isEqualTo(Fixtures.DIGEST.digestOf(registered.secret()));
        assertThat(stored.scopes()).containsExactly(new Scope("orders:read"));
        assertThat(audit.events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(SecurityEvent.Type.INTEGRATION_REGISTERED);
            assertThat(event.actor()).isEqualTo(SecurityEvent.Actor.OPERATOR);
            assertThat(event.logLine()).doesNotContain(registered.secret().reveal());
        });

        assertThat(service.register(new RegisterIntegrationUseCase.Command(
                        id, new IntegrationName("Again"), Set.of("orders:read"), Fixtures.CLIENT)))
                .isInstanceOf(RegisterIntegrationUseCase.Result.IdTaken.class);
        assertThat(service.register(new RegisterIntegrationUseCase.Command(
                        new IntegrationId("greedy"),
                        new IntegrationName("Greedy"),
                        Set.of("orders:read", "wallet:empty", "admin:all"),
                        Fixtures.CLIENT)))
                .isEqualTo(new RegisterIntegrationUseCase.Result.UnknownScopes(List.of("admin:all", "wallet:empty")));
        assertThat(integrations.byId).containsOnlyKeys(id);
    }

    private ApiKey stored(KeyStatus status) {
        PlainApiKey plain = format.mint(random::nextInt);
        KeyRequest request = KeyRequest.accept(RequestId.random(), OWNER, OwnerName.of("Jane"), Fixtures.NOW);
        ApiKey key = ApiKey.mint(
                KeyId.random(),
                request,
                StoreId.random(),
                Fixtures.DIGEST.digestOf(plain),
                plain.hint(),
                Fixtures.NOW,
                Duration.ofHours(24));
        key = switch (status) {
            case MINTED -> key;
            case PENDING -> key.delivered();
            case ACTIVE -> ((ApiKey.Verification.Verified) key.delivered().verify(OWNER, Fixtures.NOW)).key();
            case REVOKED -> key.delivered().revoke();
            default -> throw new IllegalArgumentException(status.name());
        };
        keys.save(key);
        return key;
    }

    @Test
    void anOperatorRevokesAKeyByIdAndItsOwnerIsToldOnce() {
        ApiKey active = stored(KeyStatus.ACTIVE);
        var service = new RevokeKeyByIdService(keys, keys, mail, audit, Fixtures.CLOCK);

        assertThat(service.revoke(active.id(), Fixtures.CLIENT))
                .isEqualTo(new RevokeKeyByIdUseCase.Result.Revoked(active.id(), true));

        assertThat(keys.statusOf(active)).isEqualTo(KeyStatus.REVOKED);
        assertThat(notices).singleElement().satisfies(notice -> {
            assertThat(notice.to()).isEqualTo(OWNER);
            assertThat(notice.key()).isEqualTo(active.hint());
            assertThat(notice.reason()).isEqualTo(OwnerNotice.Reason.REVOKED_BY_OPERATOR);
            assertThat(notice.foundAt()).isEmpty();
        });
        assertThat(audit.events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(SecurityEvent.Type.REVOKED);
            assertThat(event.actor()).isEqualTo(SecurityEvent.Actor.OPERATOR);
        });
        assertThat(service.revoke(active.id(), Fixtures.CLIENT))
                .isEqualTo(new RevokeKeyByIdUseCase.Result.NotRevocable(KeyStatus.REVOKED));
        assertThat(service.revoke(stored(KeyStatus.MINTED).id(), Fixtures.CLIENT))
                .as("a key still being delivered")
                .isEqualTo(new RevokeKeyByIdUseCase.Result.NotRevocable(KeyStatus.MINTED));
        assertThat(service.revoke(KeyId.random(), Fixtures.CLIENT))
                .isEqualTo(new RevokeKeyByIdUseCase.Result.NotFound());
        assertThat(notices).hasSize(1);
    }

    @Test
    void aNoticeTheTransportRefusesLeavesTheKeyRevokedAndSaysSo() {
        ApiKey pending = stored(KeyStatus.PENDING);
        SendOwnerNoticePort down = notice -> {
            throw new IllegalStateException("SMTP down");
        };

        var result =
                new RevokeKeyByIdService(keys, keys, down, audit, Fixtures.CLOCK).revoke(pending.id(), Fixtures.CLIENT);

        assertThat(result).isEqualTo(new RevokeKeyByIdUseCase.Result.Revoked(pending.id(), false));
        assertThat(keys.statusOf(pending)).isEqualTo(KeyStatus.REVOKED);
        assertThat(audit.types()).containsExactly(SecurityEvent.Type.REVOKED, SecurityEvent.Type.DELIVERY_FAILED);
    }

    @Test
    void aRevocationThatLosesARaceIsDecidedAgainOnTheStateThatWon() {
        ApiKey pending = stored(KeyStatus.PENDING);
        SaveApiKeyPort racing = new SaveApiKeyPort() {
            private boolean raced;

            @Override
            public void insert(ApiKey key) {
                keys.insert(key);
            }

            @Override
            public boolean compareAndSet(ApiKey read, ApiKey changed) {
                if (!raced) {
                    raced = true; // verified elsewhere between our read and our write
                    keys.save(((ApiKey.Verification.Verified) read.verify(OWNER, Fixtures.NOW)).key());
                }
                return keys.compareAndSet(read, changed);
            }
        };

        var result = new RevokeKeyByIdService(keys, racing, mail, audit, Fixtures.CLOCK)
                .revoke(pending.id(), Fixtures.CLIENT);

        assertThat(result).isEqualTo(new RevokeKeyByIdUseCase.Result.Revoked(pending.id(), true));
        assertThat(keys.statusOf(pending)).isEqualTo(KeyStatus.REVOKED);
        assertThat(notices).hasSize(1);
    }

    private ReportLeakedKeysService leaks(com.latchkey.application.port.out.CheckLeakReportSignaturePort signatures) {
        return new ReportLeakedKeysService(
                signatures,
                new PresentedKeys(format, Fixtures.DIGEST, keys),
                keys,
                keys,
                mail,
                audit,
                buckets,
                new RateLimit("bearer-client", 3, Duration.ofMinutes(15)),
                Fixtures.CLOCK);
    }

    /** How many times a report's body was read. */
    private int bodiesRead;

    private ReportLeakedKeysUseCase.Report report(
            String signature, List<ReportLeakedKeysUseCase.ReportedToken> tokens) {
        return new ReportLeakedKeysUseCase.Report("key-1", signature, "[...]".getBytes(StandardCharsets.UTF_8), () -> {
            bodiesRead++;
            return Optional.ofNullable(tokens);
        });
    }

    private static ReportLeakedKeysUseCase.ReportedToken token(String text) {
        return new ReportLeakedKeysUseCase.ReportedToken(
                text, "latchkey_api_key", Optional.of(URI.create("https://github.com/a/b")), "content");
    }

    @Test
    void aSignedReportRevokesLiveKeysTellsTheirOwnersWhereAndLabelsEveryToken() {
        PlainApiKey live = format.mint(random::nextInt);
        ApiKey liveKey = keyFor(live, KeyStatus.ACTIVE);
        PlainApiKey ended = format.mint(random::nextInt);
        ApiKey endedKey = keyFor(ended, KeyStatus.REVOKED);
        var service = leaks((id, signature, body) -> signature.equals("good")
                ? CheckLeakReportSignaturePort.Verdict.SIGNED
                : CheckLeakReportSignaturePort.Verdict.BAD_SIGNATURE);

        var result = service.report(
                report(
                        "good",
                        List.of(
                                token(live.reveal()),
                                token(ended.reveal()),
                                token("eck_nothing"),
                                token(format.mint(random::nextInt).reveal()))),
                Fixtures.CLIENT);

        assertThat(result)
                .isInstanceOfSatisfying(
                        ReportLeakedKeysUseCase.Result.Accepted.class,
                        accepted -> assertThat(accepted.labels())
                                .extracting(labelled -> labelled.label().name())
                                .containsExactly("TRUE_POSITIVE", "TRUE_POSITIVE", "FALSE_POSITIVE", "FALSE_POSITIVE"));
        assertThat(keys.statusOf(liveKey)).isEqualTo(KeyStatus.REVOKED);
        assertThat(keys.statusOf(endedKey)).isEqualTo(KeyStatus.REVOKED);
        assertThat(notices)
                .as("only the live key's owner, once")
                .singleElement()
                .satisfies(notice -> {
                    assertThat(notice.reason()).isEqualTo(OwnerNotice.Reason.REPORTED_LEAKED);
                    assertThat(notice.foundAt()).contains(URI.create("https://github.com/a/b"));
                });
        assertThat(audit.events)
                .filteredOn(event -> event.type() == SecurityEvent.Type.REVOKED)
                .singleElement()
                .satisfies(event -> assertThat(event.actor()).isEqualTo(SecurityEvent.Actor.LEAK_REPORT));
    }

    @Test
    void anUnsignedReportIsNotReadAndABadOneIsToldOnlyOnceSigned() {
        PlainApiKey live = format.mint(random::nextInt);
        ApiKey liveKey = keyFor(live, KeyStatus.ACTIVE);
        var service = leaks((id, signature, body) -> signature.equals("good")
                ? CheckLeakReportSignaturePort.Verdict.SIGNED
                : CheckLeakReportSignaturePort.Verdict.UNKNOWN_KEY);

        assertThat(service.report(report("forged", List.of(token(live.reveal()))), Fixtures.CLIENT))
                .isInstanceOf(ReportLeakedKeysUseCase.Result.NotSigned.class);
        assertThat(service.report(report("forged", null), Fixtures.CLIENT))
                .as("not a report, and not signed: unsigned is what is told")
                .isInstanceOf(ReportLeakedKeysUseCase.Result.NotSigned.class);
        assertThat(service.report(report("good", null), Fixtures.CLIENT))
                .isInstanceOf(ReportLeakedKeysUseCase.Result.Malformed.class);
        List<ReportLeakedKeysUseCase.ReportedToken> flood = new ArrayList<>();
        for (int i = 0; i <= ReportLeakedKeysService.MAX_TOKENS; i++) {
            flood.add(token(live.reveal()));
        }
        assertThat(service.report(report("good", flood), Fixtures.CLIENT))
                .isInstanceOf(ReportLeakedKeysUseCase.Result.Malformed.class);
        assertThat(keys.statusOf(liveKey)).isEqualTo(KeyStatus.ACTIVE);
        assertThat(notices).isEmpty();
        assertThat(bodiesRead).as("only the two signed bodies were read").isEqualTo(2);
    }

    @Test
    void anAddressThatSentTooManyForgedReportsIsRefusedBeforeItsSignatureIsChecked() {
        int[] checks = {0};
        var service = leaks((id, signature, body) -> {
            checks[0]++;
            return CheckLeakReportSignaturePort.Verdict.BAD_SIGNATURE;
        });
        for (int i = 0; i < 3; i++) {
            assertThat(service.report(report("forged", List.of()), Fixtures.CLIENT))
                    .isInstanceOf(ReportLeakedKeysUseCase.Result.NotSigned.class);
        }

        assertThat(service.report(report("forged", List.of()), Fixtures.CLIENT))
                .isEqualTo(new ReportLeakedKeysUseCase.Result.RateLimited(Duration.ofMinutes(15)));
        assertThat(checks[0]).isEqualTo(3);
        assertThat(bodiesRead).isZero();
    }

    private ApiKey keyFor(PlainApiKey plain, KeyStatus status) {
        KeyRequest request = KeyRequest.accept(RequestId.random(), OWNER, OwnerName.of("Jane"), Fixtures.NOW);
        ApiKey key = ApiKey.mint(
                        KeyId.random(),
                        request,
                        StoreId.random(),
                        Fixtures.DIGEST.digestOf(plain),
                        plain.hint(),
                        Fixtures.NOW,
                        Duration.ofHours(24))
                .delivered();
        key = ((ApiKey.Verification.Verified) key.verify(OWNER, Fixtures.NOW)).key();
        if (status == KeyStatus.REVOKED) {
            key = key.revoke();
        }
        keys.save(key);
        return key;
    }

    @Test
    void eachConfiguredSecretIsListedNewestFirstWithWhatStillNeedsIt() {
        com.latchkey.application.port.out.KeyDigestPort secrets =
                new com.latchkey.application.port.out.KeyDigestPort() {
                    @Override
                    public com.latchkey.domain.KeyDigest digestOf(PlainApiKey key) {
                        return Fixtures.DIGEST.digestOf(key);
                    }

                    @Override
                    public List<String> secrets() {
                        return List.of("0000new0", "0000old0", "00older0");
                    }
                };
        Map<String, Long> digests = new java.util.HashMap<>(Map.of("0000new0", 5L, "0000old0", 2L));
        com.latchkey.application.port.out.LoadSecretUsagePort usage =
                new com.latchkey.application.port.out.LoadSecretUsagePort() {
                    @Override
                    public Map<String, Long> liveKeyDigestsBySecret() {
                        return digests;
                    }

                    @Override
                    public Map<String, Long> sealedValuesBySecret() {
                        return Map.of("0000new0", 9L, "00older0", 0L);
                    }
                };
        var service = new ReadSecretUsageService(secrets, usage, audit, Fixtures.CLOCK);

        assertThat(service.usage(Fixtures.CLIENT))
                .containsExactly(
                        new com.latchkey.application.port.in.ReadSecretUsageUseCase.SecretUsage(
                                "0000new0", true, 5, 9, true),
                        new com.latchkey.application.port.in.ReadSecretUsageUseCase.SecretUsage(
                                "0000old0", false, 2, 0, true),
                        new com.latchkey.application.port.in.ReadSecretUsageUseCase.SecretUsage(
                                "00older0", false, 0, 0, false));

        digests.put(ReadSecretUsageService.UNLABELLED, 1L);
        assertThat(service.usage(Fixtures.CLIENT))
                .as("a key whose digest names no secret yet may need any of the older ones")
                .extracting(com.latchkey.application.port.in.ReadSecretUsageUseCase.SecretUsage::stillNeeded)
                .containsExactly(true, true, true);
        assertThat(audit.types())
                .as("each look is audited")
                .containsOnly(SecurityEvent.Type.OPERATOR_LOOKUP)
                .hasSize(2);
    }

    @Test
    void readingTheTrailIsAuditedOncePerReadingNotOncePerPageAndAForeignCursorIsRefused() {
        List<ReadAuditTrailPortFake.Call> calls = new ArrayList<>();
        var trail = new ReadAuditTrailPortFake(calls);
        var service = new ReadAuditTrailService(trail, audit, Fixtures.CLOCK);
        KeyId key = KeyId.random();

        var first = service.read(
                new com.latchkey.application.port.in.ReadAuditTrailUseCase.Query(
                        Optional.of(key), Optional.empty(), Fixtures.NOW, Optional.empty(), 2),
                Fixtures.CLIENT);
        var second = service.read(
                new com.latchkey.application.port.in.ReadAuditTrailUseCase.Query(
                        Optional.of(key), Optional.empty(), Fixtures.NOW, Optional.of("7"), 2),
                Fixtures.CLIENT);
        var foreign = service.read(
                new com.latchkey.application.port.in.ReadAuditTrailUseCase.Query(
                        Optional.of(key), Optional.empty(), Fixtures.NOW, Optional.of("page-2"), 2),
                Fixtures.CLIENT);

        assertThat(first).isInstanceOf(com.latchkey.application.port.in.ReadAuditTrailUseCase.Result.Page.class);
        assertThat(second).isInstanceOf(com.latchkey.application.port.in.ReadAuditTrailUseCase.Result.Page.class);
        assertThat(foreign)
                .isInstanceOf(com.latchkey.application.port.in.ReadAuditTrailUseCase.Result.UnknownCursor.class);
        assertThat(calls).as("a foreign cursor reads nothing").hasSize(2);
        assertThat(audit.events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(SecurityEvent.Type.OPERATOR_LOOKUP);
            assertThat(event.actor()).isEqualTo(SecurityEvent.Actor.OPERATOR);
            assertThat(event.key()).contains(key);
        });
    }

    /** A trail whose cursors are numbers, recording each read. */
    private record ReadAuditTrailPortFake(List<Call> calls)
            implements com.latchkey.application.port.out.ReadAuditTrailPort {

        record Call(Query query) {}

        @Override
        public Page read(Query query) {
            calls.add(new Call(query));
            return new Page(List.of(), Optional.empty());
        }

        @Override
        public boolean isCursor(String after) {
            return after.chars().allMatch(Character::isDigit);
        }
    }
}
