package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.KeyChangesPort;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Objects;

/**
 * Key changes on H2, where there are none to hear: each instance applies the changes it makes to its
 * own cache as it makes them. On the embedded H2 file (the default) that instance is the only one
 * (H2 locks the file to one process), so it vouches that no change is ever made elsewhere and keys
 * in use are never read back. Any other H2 (in memory, which several contexts of one JVM can share;
 * a server, or a file opened with {@code AUTO_SERVER=TRUE}, which other processes reach) may be
 * changed by another instance unheard: there cached states age out within the bound.
 */
@Singleton
@Requires(property = "datasources.default.url", pattern = "(?!jdbc:postgresql:).*")
final class LocalKeyChanges implements KeyChangesPort {

    private final boolean onlyInstance;

    @Inject
    LocalKeyChanges(@Nullable @Property(name = "datasources.default.url") String url) {
        this(EmbeddedH2.openedByThisProcessAlone(url));
    }

    LocalKeyChanges(boolean onlyInstance) {
        this.onlyInstance = onlyInstance;
    }

    @Override
    public void subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (onlyInstance) {
            listener.heardEverythingBefore(Instant.MAX);
        }
    }
}
