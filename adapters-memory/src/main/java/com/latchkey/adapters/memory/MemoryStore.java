package com.latchkey.adapters.memory;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.EraseOwnerDataPort;
import com.latchkey.application.port.out.KeyChangesPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.LoadKeyUsePort;
import com.latchkey.application.port.out.LoadSecretUsagePort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.ReadAuditTrailPort;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.application.port.out.SaveIntegrationPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ConsentGrant;
import com.latchkey.domain.DeliveryAttempt;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.Integration;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.RequestStatus;
import com.latchkey.domain.Scope;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code LATCHKEY_ADAPTERS_STORE=memory}: requests, keys, attempts, the audit trail, owners' stores,
 * owner links and grants in this process's memory, for tests and demos. Nothing survives a restart,
 * and nothing is shared with another instance (so it vouches that no change of a key is ever made
 * elsewhere).
 *
 * <p>Each operation is atomic. Transactions run one at a time and undo their writes when they
 * fail; an operation outside a transaction does not wait for one, and may see its writes before it
 * ends (as two dispatchers' claims must not wait for each other). So a write is undone only while it
 * is still the stored state: a change made meanwhile on top of it (a revoke after an activation
 * that then rolled back) stands, as a compare-and-set decided on it does in a database.
 */
@Singleton
@Requires(property = "latchkey.adapters.store", value = "memory")
final class MemoryStore
        implements LoadApiKeyPort,
                SaveApiKeyPort,
                LoadKeyRequestPort,
                SaveKeyRequestPort,
                ClaimDueKeyRequestsPort,
                RecordDeliveryAttemptPort,
                AuditTrailPort,
                TransactionPort,
                KeyChangesPort,
                LoadIntegrationPort,
                SaveIntegrationPort,
                RecordKeyUsePort,
                LoadKeyUsePort,
                ReadAuditTrailPort,
                LoadSecretUsagePort,
                OwnerStoresPort,
                LoadConsentGrantPort,
                SaveConsentGrantPort,
                EraseOwnerDataPort {

    private static final Logger AUDIT = LoggerFactory.getLogger("latchkey.audit");

    /** The newest audit events kept; older ones are dropped (their log lines remain). */
    static final int AUDIT_KEPT = 10_000;

    private final Map<RequestId, KeyRequest> requests = new HashMap<>();
    private final Map<KeyId, ApiKey> keys = new LinkedHashMap<>();
    private final Map<KeyDigest, KeyId> keyByDigest = new HashMap<>();
    private final Set<String> attempts = new HashSet<>();
    private final Deque<Recorded> audit = new ArrayDeque<>();
    private long auditWritten;
    private final Map<IntegrationId, Integration> integrations =
            new TreeMap<>(Comparator.comparing(IntegrationId::value));
    private final Map<KeyId, Instant> lastUses = new HashMap<>();
    /** By the owner (the email case-folded); never undone, see {@link #storeOf}. */
    private final Map<String, StoreId> stores = new ConcurrentHashMap<>();

    private final Map<KeyDigest, OwnerLink> links = new HashMap<>();
    private final Map<StoreId, Map<IntegrationId, ConsentGrant>> grants = new HashMap<>();

    private final ReentrantLock transaction = new ReentrantLock();
    /** The undoing of each write of the current thread's transaction, newest first. */
    private final ThreadLocal<Deque<Runnable>> undo = new ThreadLocal<>();

    @Override
    public synchronized Optional<ApiKey> loadByDigest(KeyDigest digest) {
        return Optional.ofNullable(keyByDigest.get(digest)).map(keys::get);
    }

    @Override
    public synchronized Map<KeyDigest, KeyStatus> loadStatuses(Collection<KeyDigest> digests) {
        Map<KeyDigest, KeyStatus> states = new HashMap<>();
        for (KeyDigest digest : digests) {
            loadByDigest(digest).ifPresent(key -> states.put(digest, key.status()));
        }
        return states;
    }

    @Override
    public synchronized List<ApiKey> loadByOwner(EmailAddress owner, KeyStatus status) {
        return keys.values().stream()
                .filter(key -> key.email().owner().equals(owner.owner()) && key.status() == status)
                .toList();
    }

    @Override
    public synchronized Optional<ApiKey> loadById(KeyId id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public synchronized List<ApiKey> loadByOwner(EmailAddress owner) {
        return keys.values().stream()
                .filter(key -> key.email().owner().equals(owner.owner()))
                .sorted(Comparator.comparing(ApiKey::mintedAt).reversed())
                .toList();
    }

    @Override
    public synchronized void used(KeyId key, Instant at) {
        if (keys.containsKey(key)) {
            lastUses.merge(key, at, (kept, newer) -> newer.isAfter(kept) ? newer : kept);
        }
    }

    @Override
    public synchronized Map<KeyId, Instant> lastUsed(Collection<KeyId> wanted) {
        Map<KeyId, Instant> found = new HashMap<>();
        for (KeyId key : wanted) {
            Instant at = lastUses.get(key);
            if (at != null) {
                found.put(key, at);
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<Integration> load(IntegrationId id) {
        return Optional.ofNullable(integrations.get(id));
    }

    @Override
    public synchronized List<Integration> loadAll() {
        return List.copyOf(integrations.values());
    }

    @Override
    public synchronized boolean insert(Integration integration) {
        if (integrations.putIfAbsent(integration.id(), integration) != null) {
            return false;
        }
        undone(() -> integrations.remove(integration.id(), integration));
        return true;
    }

    @Override
    public synchronized boolean delete(IntegrationId id) {
        Integration removed = integrations.remove(id);
        if (removed == null) {
            return false;
        }
        undone(() -> integrations.putIfAbsent(id, removed));
        return true;
    }

    /**
     * Atomic for one owner however many callers ask at once. Not undone with a failed transaction:
     * another caller may have been told the id meanwhile, and an owner keeps one id for good.
     */
    @Override
    public StoreId storeOf(EmailAddress owner) {
        return stores.computeIfAbsent(owner.owner(), folded -> StoreId.random());
    }

    @Override
    public Optional<StoreId> find(EmailAddress owner) {
        return Optional.ofNullable(stores.get(owner.owner()));
    }

    /** For {@link MemoryOwnerLinks}: {@code loadByDigest} of a link would clash with a key's here. */
    synchronized Optional<OwnerLink> loadLink(KeyDigest digest) {
        return Optional.ofNullable(links.get(digest));
    }

    synchronized void insertLink(OwnerLink link) {
        if (links.containsKey(link.digest())
                || links.values().stream().anyMatch(stored -> stored.id().equals(link.id()))) {
            throw new IllegalStateException("a link with this id or digest is stored already");
        }
        links.put(link.digest(), link);
        undone(() -> links.remove(link.digest(), link));
    }

    synchronized boolean markLinkUsed(OwnerLink read, OwnerLink used) {
        if (!read.id().equals(used.id())) {
            throw new IllegalArgumentException("a use of link " + read.id() + " names link " + used.id());
        }
        OwnerLink stored = links.get(read.digest());
        if (stored == null || !stored.id().equals(read.id()) || !stored.usedAt().equals(read.usedAt())) {
            return false;
        }
        links.put(read.digest(), used);
        undone(() -> links.replace(read.digest(), used, stored));
        return true;
    }

    @Override
    public synchronized ConsentGrant grant(StoreId store, IntegrationId integration, Set<Scope> scopes, Instant now) {
        Map<IntegrationId, ConsentGrant> ofStore =
                grants.computeIfAbsent(store, granting -> new TreeMap<>(Comparator.comparing(IntegrationId::value)));
        ConsentGrant before = ofStore.get(integration);
        ConsentGrant after =
                before == null ? ConsentGrant.give(store, integration, scopes, now) : before.adding(scopes, now);
        ofStore.put(integration, after);
        undone(() -> {
            if (before == null) {
                ofStore.remove(integration, after);
            } else {
                ofStore.replace(integration, after, before);
            }
        });
        return after;
    }

    @Override
    public synchronized boolean withdraw(StoreId store, IntegrationId integration) {
        Map<IntegrationId, ConsentGrant> ofStore = grants.get(store);
        ConsentGrant removed = ofStore == null ? null : ofStore.remove(integration);
        if (removed == null) {
            return false;
        }
        undone(() -> ofStore.putIfAbsent(integration, removed));
        return true;
    }

    @Override
    public synchronized int withdrawAll(IntegrationId integration) {
        int ended = 0;
        for (StoreId store : List.copyOf(grants.keySet())) {
            if (withdraw(store, integration)) {
                ended++;
            }
        }
        return ended;
    }

    @Override
    public synchronized Optional<ConsentGrant> load(StoreId store, IntegrationId integration) {
        return Optional.ofNullable(grants.getOrDefault(store, Map.of()).get(integration));
    }

    @Override
    public synchronized List<ConsentGrant> loadByStore(StoreId store) {
        return List.copyOf(grants.getOrDefault(store, Map.of()).values());
    }

    /** Transactions run one at a time, so the owner is locked already inside one. */
    @Override
    public synchronized List<ApiKey> lockOwner(EmailAddress owner) {
        return keys.values().stream()
                .filter(key -> key.email().owner().equals(owner.owner()))
                .sorted(Comparator.comparing(key -> key.id().value()))
                .toList();
    }

    @Override
    public synchronized void insert(ApiKey key) {
        if (keys.containsKey(key.id()) || keyByDigest.containsKey(key.digest())) {
            throw new IllegalStateException("a key with this id or digest is stored already");
        }
        keys.put(key.id(), key);
        keyByDigest.put(key.digest(), key.id());
        undone(() -> {
            if (keys.get(key.id()) == key) {
                keys.remove(key.id());
                keyByDigest.remove(key.digest());
            }
        });
    }

    @Override
    public synchronized boolean compareAndSet(ApiKey read, ApiKey changed) {
        if (!read.id().equals(changed.id())) {
            throw new IllegalArgumentException("a change of key " + read.id() + " names key " + changed.id());
        }
        ApiKey stored = keys.get(read.id());
        if (stored == null || stored.status() != read.status()) {
            return false;
        }
        keys.put(changed.id(), changed);
        undone(() -> keys.replace(stored.id(), changed, stored));
        return true;
    }

    @Override
    public synchronized Optional<KeyRequest> load(RequestId id) {
        return Optional.ofNullable(requests.get(id));
    }

    @Override
    public synchronized List<KeyRequest> requestsOf(EmailAddress owner) {
        return requests.values().stream()
                .filter(request -> request.email().owner().equals(owner.owner()))
                .sorted(Comparator.comparing(KeyRequest::createdAt).reversed())
                .toList();
    }

    /**
     * Everything of the owner goes, undone as a whole if the transaction around it fails: requests
     * and their attempts, keys and their uses, the store, its grants, the owner's links; the audit
     * events of the owner or of their keys keep type, time and key id only.
     */
    @Override
    public synchronized Erased erase(EmailAddress owner) {
        String folded = owner.owner();
        List<ApiKey> ownerKeys = keys.values().stream()
                .filter(key -> key.email().owner().equals(folded))
                .toList();
        Set<KeyId> keyIds = new HashSet<>();
        Set<RequestId> requestIds = new HashSet<>();
        for (ApiKey key : ownerKeys) {
            keyIds.add(key.id());
            requestIds.add(key.requestId());
            Instant lastUse = lastUses.remove(key.id());
            keys.remove(key.id());
            keyByDigest.remove(key.digest());
            undone(() -> {
                keys.putIfAbsent(key.id(), key);
                keyByDigest.putIfAbsent(key.digest(), key.id());
                if (lastUse != null) {
                    lastUses.putIfAbsent(key.id(), lastUse);
                }
            });
        }
        requests.values().stream()
                .filter(request -> request.email().owner().equals(folded))
                .forEach(request -> requestIds.add(request.id()));
        int removedRequests = 0;
        for (RequestId id : requestIds) {
            KeyRequest request = requests.remove(id);
            if (request != null) {
                removedRequests++;
                undone(() -> requests.putIfAbsent(id, request));
            }
            Set<String> ofRequest = new HashSet<>(attempts.stream()
                    .filter(attempt -> attempt.startsWith(id + "#"))
                    .toList());
            attempts.removeAll(ofRequest);
            undone(() -> attempts.addAll(ofRequest));
        }
        StoreId store = stores.remove(folded);
        int removedGrants = 0;
        if (store != null) {
            undone(() -> stores.putIfAbsent(folded, store));
            Map<IntegrationId, ConsentGrant> granted = grants.remove(store);
            if (granted != null) {
                removedGrants = granted.size();
                undone(() -> grants.putIfAbsent(store, granted));
            }
        }
        Map<KeyDigest, OwnerLink> ownerLinks = new HashMap<>();
        links.forEach((digest, link) -> {
            if (link.owner().owner().equals(folded) || link.storeId().equals(store)) {
                ownerLinks.put(digest, link);
            }
        });
        ownerLinks.keySet().forEach(links::remove);
        undone(() -> ownerLinks.forEach(links::putIfAbsent));
        int stripped = stripAudit(owner, keyIds);
        return new Erased(removedRequests, ownerKeys.size(), removedGrants, stripped);
    }

    @Override
    public synchronized int stripAudit(EmailAddress owner, Set<KeyId> keys) {
        String folded = owner.owner();
        // Each stripped event and the one it replaced: an undo puts back only these, keeping what was recorded since.
        Map<Recorded, Recorded> replaced = new IdentityHashMap<>();
        List<Recorded> before = List.copyOf(audit);
        audit.clear();
        for (Recorded recorded : before) {
            SecurityEvent event = recorded.event();
            boolean ofOwner = event.ownerEmail()
                            .map(EmailAddress::owner)
                            .filter(folded::equals)
                            .isPresent()
                    || event.key().filter(keys::contains).isPresent();
            // An event stripped already (by the erasure, before a second pass) is left alone and not counted.
            boolean bare = event.maskedEmail() == null
                    && event.owner() == null
                    && event.clientAddress() == null
                    && event.detail() == null
                    && event.actor() == SecurityEvent.Actor.CALLER;
            Recorded kept = ofOwner && !bare ? new Recorded(recorded.id(), stripped(event)) : recorded;
            if (kept != recorded) {
                replaced.put(kept, recorded);
            }
            audit.addLast(kept);
        }
        undone(() -> {
            List<Recorded> now = List.copyOf(audit);
            audit.clear();
            now.forEach(recorded -> audit.addLast(replaced.getOrDefault(recorded, recorded)));
        });
        return replaced.size();
    }

    /** What the trail keeps of an erased owner's event: its type, its time and its key. */
    private static SecurityEvent stripped(SecurityEvent event) {
        return new SecurityEvent(event.type(), event.at(), event.keyId(), null, null, null);
    }

    @Override
    public synchronized void insert(KeyRequest request) {
        if (requests.putIfAbsent(request.id(), request) != null) {
            throw new IllegalStateException("request " + request.id() + " is stored already");
        }
        undone(() -> requests.remove(request.id(), request));
    }

    @Override
    public synchronized boolean compareAndSet(KeyRequest read, KeyRequest changed) {
        if (!read.id().equals(changed.id())) {
            throw new IllegalArgumentException("a change of request " + read.id() + " names request " + changed.id());
        }
        KeyRequest stored = requests.get(read.id());
        if (stored == null || stored.status() != read.status() || stored.attempts() != read.attempts()) {
            return false;
        }
        requests.put(changed.id(), changed);
        undone(() -> requests.replace(stored.id(), changed, stored));
        return true;
    }

    @Override
    public synchronized List<KeyRequest> claimDue(Instant now, Duration lease, int limit) {
        List<KeyRequest> claimed = requests.values().stream()
                .filter(request -> request.status() == RequestStatus.PENDING
                        && !request.nextAttemptAt().isAfter(now))
                .sorted(Comparator.comparing(KeyRequest::nextAttemptAt))
                .limit(limit)
                .map(request -> request.claim(now, lease))
                .toList();
        for (KeyRequest request : claimed) {
            KeyRequest before = requests.put(request.id(), request);
            undone(() -> requests.replace(before.id(), request, before));
        }
        return claimed;
    }

    @Override
    public synchronized void record(DeliveryAttempt attempt) {
        String id = attempt.requestId() + "#" + attempt.number();
        if (!attempts.add(id)) {
            throw new IllegalStateException("attempt " + attempt.number() + " of this request is recorded already");
        }
        undone(() -> attempts.remove(id));
    }

    @Override
    public void record(SecurityEvent full) {
        // The client's network only, as the jdbc trail keeps it (SPEC section 9), the log line included.
        SecurityEvent event = new SecurityEvent(
                full.type(),
                full.at(),
                full.keyId(),
                full.maskedEmail(),
                full.clientAddress() == null ? null : full.clientAddress().forAudit(),
                full.detail(),
                full.owner(),
                full.actor());
        AUDIT.info("{}", event.logLine());
        synchronized (this) {
            audit.addLast(new Recorded(Long.toString(++auditWritten), event));
            if (audit.size() > AUDIT_KEPT) {
                audit.removeFirst();
            }
        }
    }

    /** The audit events kept, oldest first. */
    synchronized List<SecurityEvent> auditEvents() {
        return audit.stream().map(Recorded::event).toList();
    }

    @Override
    public synchronized Page read(Query query) {
        long after = query.after().flatMap(MemoryStore::cursor).orElse(0L);
        List<Recorded> page = audit.stream()
                .filter(recorded -> Long.parseLong(recorded.id()) > after)
                .filter(recorded -> !recorded.event().at().isBefore(query.since()))
                .filter(recorded -> query.key().isPresent()
                        ? query.key().equals(recorded.event().key())
                        : recorded.event()
                                .ownerEmail()
                                .map(EmailAddress::owner)
                                .equals(query.owner().map(EmailAddress::owner)))
                .limit(query.limit())
                .map(recorded -> new Recorded(recorded.id(), withoutOwner(recorded.event())))
                .toList();
        return new Page(
                page,
                page.size() < query.limit()
                        ? Optional.empty()
                        : Optional.of(page.getLast().id()));
    }

    /** An event as the trail shows it: the owner's email was kept only to find it by. */
    private static SecurityEvent withoutOwner(SecurityEvent event) {
        return new SecurityEvent(
                event.type(),
                event.at(),
                event.keyId(),
                event.maskedEmail(),
                event.clientAddress(),
                event.detail(),
                null,
                event.actor());
    }

    /**
     * Nothing here outlives the process, and a process has one newest pepper from start to stop:
     * no stored value needs an older one, and emails are kept as they are, not sealed.
     */
    @Override
    public Map<String, Long> liveKeyDigestsBySecret() {
        return Map.of();
    }

    @Override
    public Map<String, Long> sealedValuesBySecret() {
        return Map.of();
    }

    @Override
    public boolean isCursor(String after) {
        return cursor(after).filter(id -> id >= 0).isPresent();
    }

    private static Optional<Long> cursor(String after) {
        try {
            return Optional.of(Long.parseLong(after));
        } catch (NumberFormatException notOurs) {
            return Optional.empty();
        }
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (undo.get() != null) {
            return work.get();
        }
        transaction.lock();
        Deque<Runnable> undoing = new ArrayDeque<>();
        undo.set(undoing);
        try {
            return work.get();
        } catch (RuntimeException | Error failed) {
            synchronized (this) {
                undoing.forEach(Runnable::run);
            }
            throw failed;
        } finally {
            undo.remove();
            transaction.unlock();
        }
    }

    @Override
    public void subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        listener.heardEverythingBefore(Instant.MAX);
    }

    private void undone(Runnable undoing) {
        Deque<Runnable> log = undo.get();
        if (log != null) {
            log.addFirst(undoing);
        }
    }
}
