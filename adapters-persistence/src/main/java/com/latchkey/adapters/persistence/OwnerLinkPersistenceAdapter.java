package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.LoadOwnerLinkPort;
import com.latchkey.application.port.out.SaveOwnerLinkPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.OwnerLink;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;

@Singleton
class OwnerLinkPersistenceAdapter implements LoadOwnerLinkPort, SaveOwnerLinkPort {

    private final OwnerLinkRepository repository;
    private final OwnerLinkMapper mapper;

    OwnerLinkPersistenceAdapter(OwnerLinkRepository repository, SealPersonalDataPort emails) {
        this.repository = repository;
        this.mapper = new OwnerLinkMapper(emails);
    }

    @Override
    public void insert(OwnerLink link) {
        OwnerLinkRow row = mapper.toRow(link);
        StorageFailures.guarded(() -> {
            repository.save(row);
        });
    }

    @Override
    public boolean markUsed(OwnerLink read, OwnerLink used) {
        if (!read.id().equals(used.id())) {
            throw new IllegalArgumentException("a use of link " + read.id() + " names link " + used.id());
        }
        Instant usedAt =
                used.usedAt().orElseThrow(() -> new IllegalArgumentException("link " + used.id() + " is not used"));
        // Only the time of use changes; comparing it with the time read makes two uses exclusive.
        return StorageFailures.guarded(() -> read.usedAt()
                        .map(lastUsedAt -> repository.markNextUse(read.id().value(), lastUsedAt, usedAt))
                        .orElseGet(() -> repository.markFirstUse(read.id().value(), usedAt))
                == 1);
    }

    @Override
    public Optional<OwnerLink> loadByDigest(KeyDigest digest) {
        return StorageFailures.guarded(
                () -> repository.findByDigest(digest.hex()).map(mapper::toDomain));
    }
}
