package com.latchkey.adapters.keycache;

import com.latchkey.application.port.out.KeyChangesPort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.domain.KeyId;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A store for the wiring test: the keys of {@link Keys}, with no other instance to hear from, and the uses written to it. */
@Singleton
@Requires(property = "test.store", value = "true")
final class TestStore extends Keys implements KeyChangesPort, RecordKeyUsePort {

    /** Every use written to the store, in order. */
    final List<Instant> usesWritten = new CopyOnWriteArrayList<>();

    @Override
    public void subscribe(Listener listener) {
        // one instance: nothing is ever changed elsewhere
    }

    @Override
    public void used(KeyId key, Instant at) {
        usesWritten.add(at);
    }
}
