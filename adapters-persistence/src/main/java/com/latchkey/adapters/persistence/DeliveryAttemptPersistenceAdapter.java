package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.domain.DeliveryAttempt;
import jakarta.inject.Singleton;

@Singleton
class DeliveryAttemptPersistenceAdapter implements RecordDeliveryAttemptPort {

    private final DeliveryAttemptRepository repository;

    DeliveryAttemptPersistenceAdapter(DeliveryAttemptRepository repository) {
        this.repository = repository;
    }

    @Override
    public void record(DeliveryAttempt attempt) {
        StorageFailures.guarded(() -> {
            repository.save(new DeliveryAttemptRow(
                    TimeOrderedIds.next(),
                    attempt.requestId().value(),
                    attempt.number(),
                    attempt.keyId().value(),
                    attempt.at(),
                    attempt.outcome().name(),
                    attempt.error()));
        });
    }
}
