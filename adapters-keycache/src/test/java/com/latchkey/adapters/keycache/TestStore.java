package com.latchkey.adapters.keycache;

import com.latchkey.application.port.out.KeyChangesPort;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** A store for the wiring test: the keys of {@link Keys}, with no other instance to hear from. */
@Singleton
@Requires(property = "test.store", value = "true")
final class TestStore extends Keys implements KeyChangesPort {

    @Override
    public void subscribe(Listener listener) {
        // one instance: nothing is ever changed elsewhere
    }
}
