package com.latchkey.application.service;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.SecurityEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Small in-memory stand-ins for the outbound ports, for the services' unit tests. */
final class Fakes {

    private Fakes() {}

    /** Keys by id, findable by digest and by owner. */
    static final class Keys implements LoadApiKeyPort, SaveApiKeyPort {

        final Map<KeyId, ApiKey> byId = new LinkedHashMap<>();

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
        public void save(ApiKey key) {
            byId.put(key.id(), key);
        }

        KeyStatus statusOf(ApiKey key) {
            return byId.get(key.id()).status();
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
