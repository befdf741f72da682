package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.in.CheckIntegrationAccessUseCase;
import com.latchkey.application.port.in.DecideConsentUseCase;
import com.latchkey.application.port.in.DecideConsentUseCase.Decision;
import com.latchkey.application.port.in.IntegrationCredentials;
import com.latchkey.application.port.in.ListConsentsUseCase;
import com.latchkey.application.port.in.PreviewConsentUseCase;
import com.latchkey.application.port.in.RequestConsentUseCase;
import com.latchkey.application.port.in.RequestOwnerLinkUseCase;
import com.latchkey.application.port.in.ScopeDescription;
import com.latchkey.application.port.in.WithdrawConsentUseCase;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.Integration;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.Scope;
import com.latchkey.domain.SecurityEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Consent (SPEC §8): an integration asks, the owner decides from a mailed link, the integration checks. */
class ConsentServicesTest {

    private static final EmailAddress OWNER = EmailAddress.of("Jane@Shop.example");
    private static final ClientAddress CLIENT = Fixtures.CLIENT;

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = Fixtures.NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final ApiKeyFormat keyFormat = ApiKeyFormat.withPrefix("eck_");
    private final ApiKeyFormat secretFormat = ApiKeyFormat.withPrefix("eci_");
    private final Random random = new Random(5);
    private final Fakes.Keys keys = new Fakes.Keys();
    private final Fakes.Stores stores = new Fakes.Stores();
    private final Fakes.Links links = new Fakes.Links();
    private final Fakes.Grants grants = new Fakes.Grants();
    private final Fakes.Integrations integrations = new Fakes.Integrations();
    private final Fakes.LinkMails mails = new Fakes.LinkMails();
    private final Fakes.Audit audit = new Fakes.Audit();
    private final Fakes.Buckets buckets = new Fakes.Buckets();
    private final ScopeCatalog catalog = ScopeCatalog.of(Map.of(
            new Scope("orders:read"), "see your orders",
            new Scope("orders:write"), "create and change orders",
            new Scope("owner:read"), "see your name and business email"));
    private final ConsentLimits consentLimits = new ConsentLimits(
            new RateLimit("consent-store", 3, Duration.ofDays(1)),
            new RateLimit("link-email", 2, Duration.ofHours(1)),
            new RateLimit("link-client", 5, Duration.ofHours(1)),
            new RateLimit("link-global", 100, Duration.ofHours(1)));
    private final OwnerLinks ownerLinks = new OwnerLinks(
            ApiKeyFormat.withPrefix("ecl_"),
            Fixtures.DIGEST,
            links,
            links,
            new LinkLifetimes(
                    Duration.ofHours(72), Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(30)),
            new SecureRandom());
    private final PresentedKeys presentedKeys = new PresentedKeys(keyFormat, Fixtures.DIGEST, keys);
    private final IntegrationSecrets secrets = new IntegrationSecrets(secretFormat, Fixtures.DIGEST, integrations);

    private final RequestConsentService request = new RequestConsentService(
            secrets, presentedKeys, ownerLinks, catalog, mails, audit, buckets, Fakes.limits(3), consentLimits, clock);
    private final PreviewConsentService preview = new PreviewConsentService(ownerLinks, integrations, catalog, clock);
    private final DecideConsentService decide =
            new DecideConsentService(ownerLinks, integrations, grants, grants, Fakes.DIRECT, audit, clock);
    private final CheckIntegrationAccessService access = new CheckIntegrationAccessService(
            secrets, presentedKeys, grants, catalog, new Fakes.KeyUses(), audit, buckets, Fakes.limits(3), clock);
    /** What owner-link requests left for after the answer; run by the test when it wants. */
    private final java.util.List<Runnable> afterAnswer = new java.util.ArrayList<>();

    private final RequestOwnerLinkService ownerLink = new RequestOwnerLinkService(
            stores, ownerLinks, mails, audit, buckets, consentLimits, clock, afterAnswer::add);
    private final ListConsentsService list = new ListConsentsService(ownerLinks, grants, integrations, catalog, clock);
    private final WithdrawConsentService withdraw = new WithdrawConsentService(ownerLinks, grants, audit, clock);
    private final RemoveIntegrationService remove =
            new RemoveIntegrationService(integrations, grants, Fakes.DIRECT, audit, clock);

    private void runWhatWasLeftForAfterTheAnswer() {
        afterAnswer.forEach(Runnable::run);
        afterAnswer.clear();
    }

    private IntegrationCredentials register(String id, String... scopes) {
        return registerAt(id, Fixtures.NOW, scopes);
    }

    private IntegrationCredentials registerAt(String id, Instant at, String... scopes) {
        PlainApiKey secret = secretFormat.mint(random::nextInt);
        Set<Scope> registered = new java.util.TreeSet<>();
        for (String scope : scopes) {
            registered.add(new Scope(scope));
        }
        integrations.insert(Integration.register(
                new IntegrationId(id),
                new IntegrationName("The " + id),
                registered,
                Fixtures.DIGEST.digestOf(secret),
                secret.hint(),
                at));
        return new IntegrationCredentials(id, secret.reveal());
    }

    /** An active key of OWNER, in OWNER's store. */
    private PlainApiKey activeKey() {
        PlainApiKey plain = keyFormat.mint(random::nextInt);
        KeyRequest asked = KeyRequest.accept(RequestId.random(), OWNER, OwnerName.of("Jane's Shop"), Fixtures.NOW);
        ApiKey key = ApiKey.mint(
                        KeyId.random(),
                        asked,
                        stores.storeOf(OWNER),
                        Fixtures.DIGEST.digestOf(plain),
                        plain.hint(),
                        Fixtures.NOW,
                        Duration.ofHours(24))
                .delivered();
        keys.save(((ApiKey.Verification.Verified) key.verify(OWNER, Fixtures.NOW)).key());
        return plain;
    }

    private RequestConsentUseCase.Result ask(IntegrationCredentials crm, PlainApiKey key, String... scopes) {
        return request.request(new RequestConsentUseCase.Command(crm, key.reveal(), Set.of(scopes), CLIENT));
    }

    private String lastToken() {
        return mails.sent.getLast().token().reveal();
    }

    private CheckIntegrationAccessUseCase.Result.Access accessOf(IntegrationCredentials crm, PlainApiKey key) {
        return (CheckIntegrationAccessUseCase.Result.Access)
                access.check(new CheckIntegrationAccessUseCase.Command(crm, key.reveal(), CLIENT));
    }

    @Test
    void anApprovedRequestGivesTheIntegrationItsScopesAndTheOwnerOnlyUnderOwnerRead() {
        IntegrationCredentials crm = register("acme-crm", "orders:read", "owner:read");
        PlainApiKey key = activeKey();

        assertThat(accessOf(crm, key).scopes()).isEmpty();
        assertThat(accessOf(crm, key).owner()).isEmpty();
        assertThat(ask(crm, key, "orders:read")).isInstanceOf(RequestConsentUseCase.Result.Requested.class);

        OwnerLinkMail mail = mails.sent.getLast();
        assertThat(mail.to()).isEqualTo(OWNER);
        assertThat(mail.purpose()).isEqualTo(LinkPurpose.CONSENT);
        assertThat(mail.token().reveal()).startsWith("ecl_").hasSize(42);
        assertThat(mail.integration()).contains(new IntegrationName("The acme-crm"));
        assertThat(mail.scopes()).containsExactly(new OwnerLinkMail.AskedScope("orders:read", "see your orders"));
        assertThat(mail.expiresAt()).isEqualTo(Fixtures.NOW.plus(Duration.ofHours(72)));
        assertThat(links.byDigest).containsKey(Fixtures.DIGEST.digestOf(mail.token()));
        assertThat(links.byDigest.values().toString())
                .doesNotContain(mail.token().reveal());

        var shown = (PreviewConsentUseCase.Result.Preview) preview.preview(lastToken());
        assertThat(shown.integrationName().value()).isEqualTo("The acme-crm");
        assertThat(shown.scopes()).containsExactly(new ScopeDescription(new Scope("orders:read"), "see your orders"));
        assertThat(decide.decide(new DecideConsentUseCase.Command(lastToken(), Decision.APPROVE, CLIENT)))
                .isEqualTo(new DecideConsentUseCase.Result.Granted(
                        new java.util.TreeSet<>(Set.of(new Scope("orders:read")))));
        assertThat(accessOf(crm, key).scopes()).containsExactly(new Scope("orders:read"));
        assertThat(accessOf(crm, key).owner()).isEmpty();

        ask(crm, key, "owner:read");
        decide.decide(new DecideConsentUseCase.Command(lastToken(), Decision.APPROVE, CLIENT));
        var both = accessOf(crm, key);
        assertThat(both.scopes()).containsExactly(new Scope("orders:read"), new Scope("owner:read"));
        assertThat(both.owner()).hasValueSatisfying(owner -> {
            assertThat(owner.email()).isEqualTo(OWNER);
            assertThat(owner.name().value()).isEqualTo("Jane's Shop");
        });
        assertThat(both.storeId()).isEqualTo(stores.storeOf(OWNER));
        assertThat(audit.types())
                .containsSubsequence(
                        SecurityEvent.Type.CONSENT_REQUESTED,
                        SecurityEvent.Type.CONSENT_GRANTED,
                        SecurityEvent.Type.CONSENT_REQUESTED,
                        SecurityEvent.Type.CONSENT_GRANTED);
    }

    @Test
    void aDeniedRequestGrantsNothingAndALinkDecidesOnce() {
        IntegrationCredentials crm = register("acme-crm", "orders:read");
        PlainApiKey key = activeKey();
        ask(crm, key, "orders:read");
        String token = lastToken();

        assertThat(decide.decide(new DecideConsentUseCase.Command(token, Decision.DENY, CLIENT)))
                .isInstanceOf(DecideConsentUseCase.Result.Denied.class);
        assertThat(decide.decide(new DecideConsentUseCase.Command(token, Decision.APPROVE, CLIENT)))
                .isInstanceOf(DecideConsentUseCase.Result.LinkNotValid.class);
        assertThat(preview.preview(token)).isInstanceOf(PreviewConsentUseCase.Result.LinkNotValid.class);
        assertThat(accessOf(crm, key).scopes()).isEmpty();
        assertThat(grants.byKey).isEmpty();
        assertThat(audit.types()).contains(SecurityEvent.Type.CONSENT_DENIED);
    }

    @Test
    void expiredForgedAndOtherPurposeLinksAreNotValid() {
        IntegrationCredentials crm = register("acme-crm", "orders:read");
        PlainApiKey key = activeKey();
        ask(crm, key, "orders:read");
        String token = lastToken();

        assertThat(list.list(token)).isInstanceOf(ListConsentsUseCase.Result.LinkNotValid.class);
        assertThat(preview.preview("ecl_" + "A".repeat(38)))
                .isInstanceOf(PreviewConsentUseCase.Result.LinkNotValid.class);
        assertThat(preview.preview(
                        ApiKeyFormat.withPrefix("ecl_").mint(random::nextInt).reveal()))
                .isInstanceOf(PreviewConsentUseCase.Result.LinkNotValid.class);
        assertThat(preview.preview(key.reveal())).isInstanceOf(PreviewConsentUseCase.Result.LinkNotValid.class);
        clock.now = Fixtures.NOW.plus(Duration.ofHours(72));
        assertThat(decide.decide(new DecideConsentUseCase.Command(token, Decision.APPROVE, CLIENT)))
                .isInstanceOf(DecideConsentUseCase.Result.LinkNotValid.class);
        assertThat(grants.byKey).isEmpty();
    }

    @Test
    void onlyRegisteredScopesMayBeAskedForAndOnlyByTheIntegrationItself() {
        IntegrationCredentials crm = register("acme-crm", "orders:read");
        PlainApiKey key = activeKey();

        assertThat(ask(crm, key, "orders:read", "orders:write"))
                .isEqualTo(new RequestConsentUseCase.Result.ScopesNotRegistered(java.util.List.of("orders:write")));
        assertThat(ask(crm, key)).isInstanceOf(RequestConsentUseCase.Result.ScopesNotRegistered.class);
        assertThat(ask(
                        new IntegrationCredentials(
                                "acme-crm", secretFormat.mint(random::nextInt).reveal()),
                        key,
                        "orders:read"))
                .isInstanceOf(RequestConsentUseCase.Result.InvalidIntegration.class);
        assertThat(ask(new IntegrationCredentials("Not An Id", crm.secret()), key, "orders:read"))
                .isInstanceOf(RequestConsentUseCase.Result.InvalidIntegration.class);
        assertThat(ask(crm, keyFormat.mint(random::nextInt), "orders:read"))
                .isInstanceOf(RequestConsentUseCase.Result.InvalidCredentials.class);
        assertThat(mails.sent).isEmpty();
        assertThat(links.byDigest).isEmpty();
        // Failures of either kind count against the client's one bucket (3 here): the fourth is refused,
        // while the integration's own correct credentials still pass.
        assertThat(access.check(new CheckIntegrationAccessUseCase.Command(
                        new IntegrationCredentials("acme-crm", "eci_wrong"), key.reveal(), CLIENT)))
                .isInstanceOf(CheckIntegrationAccessUseCase.Result.RateLimited.class);
        assertThat(audit.types())
                .containsExactly(
                        SecurityEvent.Type.AUTHENTICATION_FAILED,
                        SecurityEvent.Type.AUTHENTICATION_FAILED,
                        SecurityEvent.Type.AUTHENTICATION_FAILED,
                        SecurityEvent.Type.RATE_LIMITED);
        assertThat(accessOf(crm, key).storeId()).isEqualTo(stores.storeOf(OWNER));
    }

    @Test
    void anIntegrationMayAskAStoreThreeTimesADay() {
        IntegrationCredentials crm = register("acme-crm", "orders:read");
        IntegrationCredentials other = register("other-app", "orders:read");
        PlainApiKey key = activeKey();
        for (int i = 0; i < 3; i++) {
            assertThat(ask(crm, key, "orders:read")).isInstanceOf(RequestConsentUseCase.Result.Requested.class);
        }
        assertThat(ask(crm, key, "orders:read")).isInstanceOf(RequestConsentUseCase.Result.RateLimited.class);
        assertThat(ask(other, key, "orders:read")).isInstanceOf(RequestConsentUseCase.Result.Requested.class);
        assertThat(mails.sent).hasSize(4);
    }

    @Test
    void grantsBelongToTheStoreSoTheySurviveRotationAndEndWithTheIntegration() {
        IntegrationCredentials crm = register("acme-crm", "orders:read");
        PlainApiKey first = activeKey();
        ask(crm, first, "orders:read");
        decide.decide(new DecideConsentUseCase.Command(lastToken(), Decision.APPROVE, CLIENT));
        PlainApiKey rotated = activeKey();

        assertThat(accessOf(crm, rotated).scopes()).containsExactly(new Scope("orders:read"));

        remove.remove(new IntegrationId("acme-crm"), CLIENT);
        assertThat(grants.byKey).isEmpty();
        assertThat(access.check(new CheckIntegrationAccessUseCase.Command(crm, rotated.reveal(), CLIENT)))
                .isInstanceOf(CheckIntegrationAccessUseCase.Result.InvalidIntegration.class);
    }

    @Test
    void aConsentLinkOfARemovedIntegrationIsNotValid() {
        IntegrationCredentials crm = register("acme-crm", "orders:read");
        ask(crm, activeKey(), "orders:read");
        integrations.delete(new IntegrationId("acme-crm"));

        assertThat(preview.preview(lastToken())).isInstanceOf(PreviewConsentUseCase.Result.LinkNotValid.class);
        assertThat(decide.decide(new DecideConsentUseCase.Command(lastToken(), Decision.APPROVE, CLIENT)))
                .isInstanceOf(DecideConsentUseCase.Result.LinkNotValid.class);
        assertThat(grants.byKey).isEmpty();
    }

    @Test
    void anOwnerManagesAndWithdrawsWithAReusableLinkMailedOnlyToAKnownEmail() {
        IntegrationCredentials crm = register("acme-crm", "orders:read");
        PlainApiKey key = activeKey();
        ask(crm, key, "orders:read");
        decide.decide(new DecideConsentUseCase.Command(lastToken(), Decision.APPROVE, CLIENT));
        int mailsBefore = mails.sent.size();

        assertThat(ownerLink.request(new RequestOwnerLinkUseCase.Command(
                        EmailAddress.of("nobody@shop.example"), LinkPurpose.MANAGE_CONSENTS, CLIENT)))
                .isInstanceOf(RequestOwnerLinkUseCase.Result.Accepted.class);
        runWhatWasLeftForAfterTheAnswer();
        assertThat(mails.sent).hasSize(mailsBefore);
        assertThat(ownerLink.request(new RequestOwnerLinkUseCase.Command(
                        EmailAddress.of("jane@shop.example"), LinkPurpose.MANAGE_CONSENTS, CLIENT)))
                .isInstanceOf(RequestOwnerLinkUseCase.Result.Accepted.class);
        assertThat(mails.sent)
                .as("the answer comes before the email is even looked up")
                .hasSize(mailsBefore);
        int linksBefore = links.byDigest.size();
        runWhatWasLeftForAfterTheAnswer();
        assertThat(links.byDigest).hasSize(linksBefore + 1);
        OwnerLinkMail mail = mails.sent.getLast();
        assertThat(mail.purpose()).isEqualTo(LinkPurpose.MANAGE_CONSENTS);
        assertThat(mail.expiresAt()).isEqualTo(Fixtures.NOW.plus(Duration.ofMinutes(30)));
        String token = mail.token().reveal();

        var listed = (ListConsentsUseCase.Result.Listed) list.list(token);
        assertThat(listed.consents()).singleElement().satisfies(consent -> {
            assertThat(consent.integrationId()).isEqualTo(new IntegrationId("acme-crm"));
            assertThat(consent.scopes())
                    .extracting(ScopeDescription::description)
                    .containsExactly("see your orders");
        });
        assertThat(preview.preview(token)).isInstanceOf(PreviewConsentUseCase.Result.LinkNotValid.class);
        assertThat(withdraw.withdraw(new WithdrawConsentUseCase.Command(token, new IntegrationId("acme-crm"), CLIENT)))
                .isInstanceOf(WithdrawConsentUseCase.Result.Withdrawn.class);
        assertThat(withdraw.withdraw(new WithdrawConsentUseCase.Command(token, new IntegrationId("acme-crm"), CLIENT)))
                .isInstanceOf(WithdrawConsentUseCase.Result.NotGranted.class);
        assertThat(((ListConsentsUseCase.Result.Listed) list.list(token)).consents())
                .isEmpty();
        assertThat(accessOf(crm, key).scopes()).isEmpty();
        assertThat(audit.types()).contains(SecurityEvent.Type.CONSENT_WITHDRAWN, SecurityEvent.Type.OWNER_LINK_SENT);

        clock.now = Fixtures.NOW.plus(Duration.ofMinutes(30));
        assertThat(list.list(token)).isInstanceOf(ListConsentsUseCase.Result.LinkNotValid.class);
    }

    @Test
    void ownerLinksAreLimitedPerEmailWhetherOrNotItIsKnown() {
        EmailAddress unknown = EmailAddress.of("nobody@shop.example");
        for (int i = 0; i < 2; i++) {
            assertThat(ownerLink.request(
                            new RequestOwnerLinkUseCase.Command(unknown, LinkPurpose.MANAGE_CONSENTS, CLIENT)))
                    .isInstanceOf(RequestOwnerLinkUseCase.Result.Accepted.class);
        }
        assertThat(ownerLink.request(new RequestOwnerLinkUseCase.Command(unknown, LinkPurpose.MANAGE_CONSENTS, CLIENT)))
                .isInstanceOf(RequestOwnerLinkUseCase.Result.RateLimited.class);
        assertThat(stores.byOwner).isEmpty();
    }

    @Test
    void anIdRemovedAndRegisteredAgainInheritsNeitherLinksNorGrants() {
        IntegrationCredentials first = register("acme-crm", "orders:read", "owner:read");
        PlainApiKey key = activeKey();
        ask(first, key, "owner:read");
        decide.decide(new DecideConsentUseCase.Command(lastToken(), Decision.APPROVE, CLIENT));
        ask(first, key, "orders:read");
        String pending = lastToken();
        // A grant left behind (a crash between the removal and the end of its grants, or a decision
        // racing the removal) must not reach whoever registers the id next.
        integrations.delete(new IntegrationId("acme-crm"));
        clock.now = Fixtures.NOW.plusSeconds(60);
        IntegrationCredentials again = registerAt("acme-crm", clock.now, "orders:read", "owner:read");

        assertThat(accessOf(again, key).scopes()).isEmpty();
        assertThat(accessOf(again, key).owner()).isEmpty();
        assertThat(preview.preview(pending)).isInstanceOf(PreviewConsentUseCase.Result.LinkNotValid.class);
        assertThat(decide.decide(new DecideConsentUseCase.Command(pending, Decision.APPROVE, CLIENT)))
                .isInstanceOf(DecideConsentUseCase.Result.LinkNotValid.class);

        ask(again, key, "orders:read");
        decide.decide(new DecideConsentUseCase.Command(lastToken(), Decision.APPROVE, CLIENT));
        assertThat(accessOf(again, key).scopes())
                .as("the new grant replaces the old registration's, never adds to it")
                .containsExactly(new Scope("orders:read"));
        assertThat(accessOf(again, key).owner()).isEmpty();
    }

    @Test
    void aDecisionWhoseGrantFailsLeavesTheLinkUsable() {
        IntegrationCredentials crm = register("acme-crm", "orders:read");
        PlainApiKey key = activeKey();
        ask(crm, key, "orders:read");
        String token = lastToken();
        // A transaction that rolls the links back to what they were when it began, then fails: a use
        // made outside it would survive the rollback.
        com.latchkey.application.port.out.TransactionPort rollingBack =
                new com.latchkey.application.port.out.TransactionPort() {
                    @Override
                    public <T> T inTransaction(java.util.function.Supplier<T> work) {
                        var atBegin = new java.util.LinkedHashMap<>(links.byDigest);
                        work.get();
                        links.byDigest.clear();
                        links.byDigest.putAll(atBegin);
                        throw new IllegalStateException("the database went away before the commit");
                    }
                };
        DecideConsentService failing =
                new DecideConsentService(ownerLinks, integrations, grants, grants, rollingBack, audit, clock);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> failing.decide(new DecideConsentUseCase.Command(token, Decision.APPROVE, CLIENT)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(audit.types()).doesNotContain(SecurityEvent.Type.CONSENT_GRANTED);
        assertThat(decide.decide(new DecideConsentUseCase.Command(token, Decision.APPROVE, CLIENT)))
                .isInstanceOf(DecideConsentUseCase.Result.Granted.class);
    }

    @Test
    void aScopeTakenOutOfTheConfigurationIsGrantedNoMore() {
        IntegrationCredentials crm = register("acme-crm", "orders:read", "owner:read");
        PlainApiKey key = activeKey();
        ask(crm, key, "orders:read", "owner:read");
        decide.decide(new DecideConsentUseCase.Command(lastToken(), Decision.APPROVE, CLIENT));
        CheckIntegrationAccessService withoutOwnerRead = new CheckIntegrationAccessService(
                secrets,
                presentedKeys,
                grants,
                ScopeCatalog.of(Map.of(new Scope("orders:read"), "see your orders")),
                new Fakes.KeyUses(),
                audit,
                buckets,
                Fakes.limits(3),
                clock);

        var access = (CheckIntegrationAccessUseCase.Result.Access)
                withoutOwnerRead.check(new CheckIntegrationAccessUseCase.Command(crm, key.reveal(), CLIENT));

        assertThat(access.scopes()).containsExactly(new Scope("orders:read"));
        assertThat(access.owner()).isEmpty();
        assertThat(accessOf(crm, key).owner())
                .as("under the full configuration")
                .isPresent();
    }
}
