package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnerLinkTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private final EmailAddress owner = EmailAddress.of("owner@example.com");
    private final StoreId store = StoreId.random();
    private final OwnerLink consent = OwnerLink.consent(
            OwnerLinkId.random(),
            new KeyDigest("ab".repeat(32)),
            owner,
            store,
            new IntegrationId("crm-app"),
            Set.of(new Scope("orders:read")),
            T0,
            T0.plus(Duration.ofHours(72)));
    private final OwnerLink manage = OwnerLink.forOwner(
            OwnerLinkId.random(),
            new KeyDigest("cd".repeat(32)),
            LinkPurpose.MANAGE_CONSENTS,
            owner,
            store,
            T0,
            T0.plus(Duration.ofMinutes(30)));

    @Test
    void aConsentLinkWorksOnceUntilItExpiresAndForItsPurposeOnly() {
        assertThat(consent.worksFor(LinkPurpose.CONSENT, T0.plus(Duration.ofHours(71))))
                .isTrue();
        assertThat(consent.worksFor(LinkPurpose.CONSENT, T0.plus(Duration.ofHours(72))))
                .isFalse();
        assertThat(consent.worksFor(LinkPurpose.MANAGE_CONSENTS, T0)).isFalse();
        OwnerLink used = consent.use(T0.plusSeconds(1));
        assertThat(used.usedAt()).contains(T0.plusSeconds(1));
        assertThat(used.worksFor(LinkPurpose.CONSENT, T0.plusSeconds(2))).isFalse();
        assertThatThrownBy(() -> used.use(T0.plusSeconds(2))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aManageLinkWorksAgainUntilItExpires() {
        OwnerLink used = manage.use(T0.plusSeconds(1)).use(T0.plusSeconds(60));
        assertThat(used.worksFor(LinkPurpose.MANAGE_CONSENTS, T0.plus(Duration.ofMinutes(29))))
                .isTrue();
        assertThat(used.worksFor(LinkPurpose.MANAGE_CONSENTS, T0.plus(Duration.ofMinutes(30))))
                .isFalse();
        assertThat(used.worksFor(LinkPurpose.CONSENT, T0)).isFalse();
    }

    @Test
    void exactlyAConsentLinkNamesAnIntegrationAndScopes() {
        assertThat(consent.integrationId()).contains(new IntegrationId("crm-app"));
        assertThat(manage.integrationId()).isEmpty();
        assertThat(manage.scopes()).isEmpty();
        assertThatThrownBy(() -> OwnerLink.forOwner(
                        OwnerLinkId.random(),
                        consent.digest(),
                        LinkPurpose.CONSENT,
                        owner,
                        store,
                        T0,
                        T0.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OwnerLink.consent(
                        OwnerLinkId.random(),
                        consent.digest(),
                        owner,
                        store,
                        new IntegrationId("crm-app"),
                        Set.of(),
                        T0,
                        T0.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OwnerLink.forOwner(
                        OwnerLinkId.random(), consent.digest(), LinkPurpose.EXPORT, owner, store, T0, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsNoFullEmail() {
        assertThat(consent.toString()).doesNotContain("owner@example.com").contains(owner.masked());
    }
}
