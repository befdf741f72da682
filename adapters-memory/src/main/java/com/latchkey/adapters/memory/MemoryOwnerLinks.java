package com.latchkey.adapters.memory;

import com.latchkey.application.port.out.LoadOwnerLinkPort;
import com.latchkey.application.port.out.SaveOwnerLinkPort;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.OwnerLink;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The owner-link ports of the memory store. The links are kept in {@link MemoryStore}, so they are
 * part of its transactions; only the ports are here, because a link's {@code loadByDigest} and a
 * key's cannot both be methods of one class.
 */
@Singleton
@Requires(property = "latchkey.adapters.store", value = "memory")
final class MemoryOwnerLinks implements LoadOwnerLinkPort, SaveOwnerLinkPort {

    private final MemoryStore store;

    MemoryOwnerLinks(MemoryStore store) {
        this.store = store;
    }

    @Override
    public Optional<OwnerLink> loadByDigest(KeyDigest digest) {
        return store.loadLink(digest);
    }

    @Override
    public void insert(OwnerLink link) {
        store.insertLink(link);
    }

    @Override
    public boolean markUsed(OwnerLink read, OwnerLink used) {
        return store.markLinkUsed(read, used);
    }
}
