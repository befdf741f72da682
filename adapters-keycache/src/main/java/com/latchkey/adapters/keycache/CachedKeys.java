package com.latchkey.adapters.keycache;

import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chosen store's key ports seen through the cache: a key looked up by digest may come from
 * memory (within the bound), and every change of a key made here goes to the store and replaces
 * what the cache holds. Everything else goes to the store as it is.
 */
final class CachedKeys implements LoadApiKeyPort, SaveApiKeyPort {

    private final KeyStateCache cache;
    private final LoadApiKeyPort store;
    private final SaveApiKeyPort saving;

    CachedKeys(KeyStateCache cache, LoadApiKeyPort store, SaveApiKeyPort storeSaving) {
        this.cache = cache;
        this.store = store;
        this.saving = cache.updating(storeSaving);
    }

    @Override
    public Optional<ApiKey> loadByDigest(KeyDigest digest) {
        return cache.find(digest);
    }

    @Override
    public Map<KeyDigest, KeyStatus> loadStatuses(Collection<KeyDigest> digests) {
        return store.loadStatuses(digests);
    }

    @Override
    public List<ApiKey> loadByOwner(EmailAddress owner, KeyStatus status) {
        return store.loadByOwner(owner, status);
    }

    @Override
    public Optional<ApiKey> loadById(KeyId id) {
        return store.loadById(id);
    }

    @Override
    public List<ApiKey> loadByOwner(EmailAddress owner) {
        return store.loadByOwner(owner);
    }

    @Override
    public List<ApiKey> lockOwner(EmailAddress owner) {
        return store.lockOwner(owner);
    }

    @Override
    public void insert(ApiKey key) {
        saving.insert(key);
    }

    @Override
    public boolean compareAndSet(ApiKey read, ApiKey changed) {
        return saving.compareAndSet(read, changed);
    }
}
