package com.latchkey.application.port.out;

import com.latchkey.domain.ConsentGrant;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.Scope;
import com.latchkey.domain.StoreId;
import java.time.Instant;
import java.util.Set;

/** Stores what owners grant integrations, and ends it. */
public interface SaveConsentGrantPort {

    /**
     * Adds {@code scopes} to what the store granted the integration (a first grant if none), in one
     * atomic step: concurrent approvals add up, none is lost. Answers the grant as stored.
     */
    ConsentGrant grant(StoreId store, IntegrationId integration, Set<Scope> scopes, Instant now);

    /** Ends the store's grant to the integration; answers false when there was none. */
    boolean withdraw(StoreId store, IntegrationId integration);

    /** Ends every grant to an integration (it was removed); answers how many there were. */
    int withdrawAll(IntegrationId integration);
}
