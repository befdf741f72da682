package com.latchkey.application.service;

import com.latchkey.application.port.in.ExportOwnerDataUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.LoadKeyUsePort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.ReadAuditTrailPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Gathers everything stored about the owner of an export link: requests, keys, last uses, store,
 * grants and audit events. The link is used up in the same transaction as the reading, so two
 * clicks export once and a fault leaves it unused; the export is audited with its type and time only.
 */
public final class ExportOwnerDataService implements ExportOwnerDataUseCase {

    private final OwnerLinks links;
    private final LoadKeyRequestPort requests;
    private final LoadApiKeyPort keys;
    private final LoadKeyUsePort keyUses;
    private final OwnerStoresPort stores;
    private final LoadConsentGrantPort grants;
    private final ReadAuditTrailPort trail;
    private final TransactionPort transactions;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    public ExportOwnerDataService(
            OwnerLinks links,
            LoadKeyRequestPort requests,
            LoadApiKeyPort keys,
            LoadKeyUsePort keyUses,
            OwnerStoresPort stores,
            LoadConsentGrantPort grants,
            ReadAuditTrailPort trail,
            TransactionPort transactions,
            AuditTrailPort auditTrail,
            Clock clock) {
        this.links = Objects.requireNonNull(links, "links");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.keyUses = Objects.requireNonNull(keyUses, "keyUses");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.trail = Objects.requireNonNull(trail, "trail");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result export(String token) {
        Instant now = clock.instant();
        Optional<OwnerLink> link = links.find(token, LinkPurpose.EXPORT, now);
        if (link.isEmpty()) {
            return new Result.LinkNotValid();
        }
        Optional<OwnerData> data = transactions.inTransaction(
                () -> links.use(link.get(), now) ? Optional.of(gather(link.get().owner(), now)) : Optional.empty());
        if (data.isEmpty()) {
            return new Result.LinkNotValid();
        }
        try {
            auditTrail.record(new SecurityEvent(SecurityEvent.Type.OWNER_DATA_EXPORTED, now, null, null, null, null));
        } catch (RuntimeException trailDown) {
            // The link is used up: the owner gets the document all the same.
        }
        return new Result.Exported(data.get());
    }

    private OwnerData gather(EmailAddress owner, Instant now) {
        List<ApiKey> ownerKeys = keys.loadByOwner(owner);
        Optional<StoreId> store = stores.find(owner);
        return new OwnerData(
                owner,
                store,
                requests.requestsOf(owner),
                ownerKeys,
                keyUses.lastUsed(ownerKeys.stream().map(ApiKey::id).toList()),
                store.map(grants::loadByStore).orElse(List.of()),
                eventsOf(owner),
                now);
    }

    /** The owner's whole trail, a page at a time. */
    private List<SecurityEvent> eventsOf(EmailAddress owner) {
        List<SecurityEvent> events = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            ReadAuditTrailPort.Page page = trail.read(new ReadAuditTrailPort.Query(
                    Optional.empty(), Optional.of(owner), Instant.EPOCH, after, ReadAuditTrailPort.Query.MAX_LIMIT));
            page.events().forEach(recorded -> events.add(recorded.event()));
            after = page.next();
        } while (after.isPresent());
        return events;
    }
}
