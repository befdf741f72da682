package com.latchkey.application.port.out;

import com.latchkey.domain.ConsentGrant;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.StoreId;
import java.util.List;
import java.util.Optional;

/** Finds what owners granted: one integration's grant from one store, or all of a store's, by integration id. */
public interface LoadConsentGrantPort {

    Optional<ConsentGrant> load(StoreId store, IntegrationId integration);

    List<ConsentGrant> loadByStore(StoreId store);
}
