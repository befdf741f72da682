package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentGrantTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private final ConsentGrant first =
            ConsentGrant.give(StoreId.random(), new IntegrationId("crm-app"), Set.of(new Scope("orders:read")), T0);

    @Test
    void approvingAgainAddsScopesAndKeepsTheFirstDate() {
        ConsentGrant more = first.adding(Set.of(new Scope("owner:read"), new Scope("orders:read")), T0.plusSeconds(9));
        assertThat(more.scopes()).containsExactly(new Scope("orders:read"), new Scope("owner:read"));
        assertThat(more.grantedAt()).isEqualTo(T0);
        assertThat(more.updatedAt()).isEqualTo(T0.plusSeconds(9));
    }

    @Test
    void aGrantGivesSomething() {
        assertThatThrownBy(() -> ConsentGrant.give(first.storeId(), first.integrationId(), Set.of(), T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itsScopesCannotBeChangedFromOutside() {
        first.scopes().add(new Scope("orders:write"));
        assertThat(first.scopes()).containsExactly(new Scope("orders:read"));
    }
}
