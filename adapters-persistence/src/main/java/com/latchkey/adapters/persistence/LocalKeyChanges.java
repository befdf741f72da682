package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.KeyChangesPort;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Key changes on the embedded H2: it serves one instance, which applies each change it makes to its
 * own cache as it makes it, so there is nothing else to hear.
 */
@Singleton
@Requires(property = "datasources.default.url", pattern = "(?!jdbc:postgresql:).*")
final class LocalKeyChanges implements KeyChangesPort {

    @Override
    public void subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
    }
}
