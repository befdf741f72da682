package com.latchkey.application.service;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.application.port.out.LoadOwnerLinkPort;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.application.port.out.SaveIntegrationPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SaveOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ConsentGrant;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.Integration;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.Scope;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Small in-memory stand-ins for the outbound ports, for the services' unit tests. */
final class Fakes {

    private Fakes() {}

    /** Keys by id, findable by digest and by owner. */
    static class Keys implements LoadApiKeyPort, SaveApiKeyPort {

        final Map<KeyId, ApiKey> byId = new LinkedHashMap<>();
        /** Every state written through the port, in order. */
        final List<ApiKey> writes = new ArrayList<>();

        @Override
        public Optional<ApiKey> loadByDigest(KeyDigest digest) {
            return byId.values().stream()
                    .filter(key -> key.digest().equals(digest))
                    .findFirst();
        }

        @Override
        public Map<KeyDigest, KeyStatus> loadStatuses(Collection<KeyDigest> digests) {
            return byId.values().stream()
                    .filter(key -> digests.contains(key.digest()))
                    .collect(Collectors.toMap(ApiKey::digest, ApiKey::status));
        }

        @Override
        public List<ApiKey> loadByOwner(EmailAddress owner, KeyStatus status) {
            return byId.values().stream()
                    .filter(key -> key.email().equals(owner) && key.status() == status)
                    .toList();
        }

        @Override
        public Optional<ApiKey> loadById(KeyId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public List<ApiKey> loadByOwner(EmailAddress owner) {
            return byId.values().stream()
                    .filter(key -> key.email().equals(owner))
                    .sorted(java.util.Comparator.comparing(ApiKey::mintedAt).reversed())
                    .toList();
        }

        @Override
        public List<ApiKey> lockOwner(EmailAddress owner) {
            return byId.values().stream()
                    .filter(key -> key.email().equals(owner))
                    .toList();
        }

        @Override
        public void insert(ApiKey key) {
            if (byId.putIfAbsent(key.id(), key) != null) {
                throw new IllegalStateException("key " + key.id() + " is stored already");
            }
            writes.add(key);
        }

        @Override
        public boolean compareAndSet(ApiKey read, ApiKey changed) {
            ApiKey stored = byId.get(read.id());
            if (stored == null || stored.status() != read.status()) {
                return false;
            }
            byId.put(changed.id(), changed);
            writes.add(changed);
            return true;
        }

        /** Puts a key straight into the store, as another instance or a test's setup would. */
        void save(ApiKey key) {
            byId.put(key.id(), key);
        }

        KeyStatus statusOf(ApiKey key) {
            return byId.get(key.id()).status();
        }
    }

    /** Every use recorded, in order. */
    static final class KeyUses implements com.latchkey.application.port.out.RecordKeyUsePort {

        final List<KeyId> used = new ArrayList<>();

        @Override
        public void used(KeyId key, java.time.Instant at) {
            used.add(key);
        }
    }

    /** Requests by id, with every state written through the port, in order. */
    static final class Requests implements SaveKeyRequestPort {

        final Map<RequestId, KeyRequest> byId = new LinkedHashMap<>();
        final List<KeyRequest> writes = new ArrayList<>();

        @Override
        public void insert(KeyRequest request) {
            if (byId.putIfAbsent(request.id(), request) != null) {
                throw new IllegalStateException("request " + request.id() + " is stored already");
            }
            writes.add(request);
        }

        @Override
        public boolean compareAndSet(KeyRequest read, KeyRequest changed) {
            KeyRequest stored = byId.get(read.id());
            if (stored == null || stored.status() != read.status() || stored.attempts() != read.attempts()) {
                return false;
            }
            byId.put(changed.id(), changed);
            writes.add(changed);
            return true;
        }
    }

    /** The events recorded, in order. */
    static final class Audit implements AuditTrailPort {

        final List<SecurityEvent> events = new ArrayList<>();

        @Override
        public void record(SecurityEvent event) {
            events.add(event);
        }

        List<SecurityEvent.Type> types() {
            return events.stream().map(SecurityEvent::type).toList();
        }
    }

    /** Buckets that never refill: a limit of n lets exactly n through. */
    static final class Buckets implements RateLimitPort {

        final Map<String, Long> taken = new HashMap<>();

        @Override
        public Optional<Duration> tryConsume(RateLimit limit, String subject) {
            String bucket = limit.name() + "|" + subject;
            long used = taken.getOrDefault(bucket, 0L);
            if (used >= limit.capacity()) {
                return Optional.of(limit.period());
            }
            taken.put(bucket, used + 1);
            return Optional.empty();
        }

        @Override
        public Optional<Duration> probe(RateLimit limit, String subject) {
            long used = taken.getOrDefault(limit.name() + "|" + subject, 0L);
            return used >= limit.capacity() ? Optional.of(limit.period()) : Optional.empty();
        }
    }

    /** One random store id per owner, assigned on first need. */
    static final class Stores implements OwnerStoresPort {

        final Map<String, StoreId> byOwner = new HashMap<>();

        @Override
        public StoreId storeOf(EmailAddress owner) {
            return byOwner.computeIfAbsent(owner.owner(), any -> StoreId.random());
        }

        @Override
        public Optional<StoreId> find(EmailAddress owner) {
            return Optional.ofNullable(byOwner.get(owner.owner()));
        }
    }

    /** Owner links by digest; a use is stored only over the state it was decided on. */
    static final class Links implements LoadOwnerLinkPort, SaveOwnerLinkPort {

        final Map<KeyDigest, OwnerLink> byDigest = new LinkedHashMap<>();

        @Override
        public Optional<OwnerLink> loadByDigest(KeyDigest digest) {
            return Optional.ofNullable(byDigest.get(digest));
        }

        @Override
        public void insert(OwnerLink link) {
            byDigest.put(link.digest(), link);
        }

        @Override
        public boolean markUsed(OwnerLink read, OwnerLink used) {
            OwnerLink stored = byDigest.get(read.digest());
            if (stored == null || !stored.usedAt().equals(read.usedAt())) {
                return false;
            }
            byDigest.put(read.digest(), used);
            return true;
        }
    }

    /** Grants by store and integration. */
    static final class Grants implements LoadConsentGrantPort, SaveConsentGrantPort {

        final Map<List<Object>, ConsentGrant> byKey = new LinkedHashMap<>();

        @Override
        public Optional<ConsentGrant> load(StoreId store, IntegrationId integration) {
            return Optional.ofNullable(byKey.get(List.of(store, integration)));
        }

        @Override
        public List<ConsentGrant> loadByStore(StoreId store) {
            return byKey.values().stream()
                    .filter(grant -> grant.storeId().equals(store))
                    .toList();
        }

        @Override
        public ConsentGrant grant(StoreId store, IntegrationId integration, Set<Scope> scopes, Instant now) {
            return byKey.compute(
                    List.of(store, integration),
                    (key, old) ->
                            old == null ? ConsentGrant.give(store, integration, scopes, now) : old.adding(scopes, now));
        }

        @Override
        public boolean withdraw(StoreId store, IntegrationId integration) {
            return byKey.remove(List.of(store, integration)) != null;
        }

        @Override
        public int withdrawAll(IntegrationId integration) {
            int before = byKey.size();
            byKey.values().removeIf(grant -> grant.integrationId().equals(integration));
            return before - byKey.size();
        }
    }

    /** Registered integrations by id. */
    static final class Integrations implements LoadIntegrationPort, SaveIntegrationPort {

        final Map<IntegrationId, Integration> byId = new LinkedHashMap<>();

        @Override
        public Optional<Integration> load(IntegrationId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public List<Integration> loadAll() {
            return List.copyOf(byId.values());
        }

        @Override
        public boolean insert(Integration integration) {
            return byId.putIfAbsent(integration.id(), integration) == null;
        }

        @Override
        public boolean delete(IntegrationId id) {
            return byId.remove(id) != null;
        }
    }

    /** The link mails handed to the transport, in order. */
    static final class LinkMails implements SendOwnerLinkPort {

        final List<OwnerLinkMail> sent = new ArrayList<>();

        @Override
        public void send(OwnerLinkMail mail) {
            sent.add(mail);
        }
    }

    static final TransactionPort DIRECT = new TransactionPort() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            return work.get();
        }
    };

    static RateLimits limits(int each) {
        return new RateLimits(
                new RateLimit("verify-email", each, Duration.ofMinutes(15)),
                new RateLimit("verify-client", each * 4L, Duration.ofMinutes(15)),
                new RateLimit("request-email", each, Duration.ofHours(1)),
                new RateLimit("request-client", each * 4L, Duration.ofHours(1)),
                new RateLimit("request-global", each * 100L, Duration.ofMinutes(1)),
                new RateLimit("bearer-client", each, Duration.ofMinutes(15)));
    }
}
