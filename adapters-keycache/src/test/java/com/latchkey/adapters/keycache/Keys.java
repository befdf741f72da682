package com.latchkey.adapters.keycache;

import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The store as the cache's tests need it: keys by id, findable by digest and by owner, in memory. */
class Keys implements LoadApiKeyPort, SaveApiKeyPort {

    final Map<KeyId, ApiKey> byId = new LinkedHashMap<>();
    /** Every state written through the port, in order. */
    final List<ApiKey> writes = new ArrayList<>();

    @Override
    public Optional<ApiKey> loadByDigest(KeyDigest digest) {
        return byId.values().stream().filter(key -> key.digest().equals(digest)).findFirst();
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
        return byId.values().stream().filter(key -> key.email().equals(owner)).toList();
    }

    @Override
    public List<ApiKey> lockOwner(EmailAddress owner) {
        return byId.values().stream().filter(key -> key.email().equals(owner)).toList();
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
