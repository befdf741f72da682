package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.RequestStatus;

/** Between the domain's {@link KeyRequest} and its row. */
final class KeyRequestMapper {

    private final SealPersonalDataPort emails;

    KeyRequestMapper(SealPersonalDataPort emails) {
        this.emails = emails;
    }

    KeyRequestRow toRow(KeyRequest request) {
        return new KeyRequestRow(
                request.id().value(),
                emails.index(request.email()),
                emails.seal(request.email()),
                OwnerNameColumn.text(request.ownerName(), emails),
                request.status().name(),
                request.attempts(),
                request.nextAttemptAt(),
                request.createdAt(),
                request.updatedAt(),
                request.lastError().orElse(null));
    }

    KeyRequest toDomain(KeyRequestRow row) {
        return KeyRequest.restore(
                new RequestId(row.id()),
                emails.open(row.emailSealed()),
                OwnerNameColumn.name(row.ownerName(), emails),
                RequestStatus.valueOf(row.status()),
                row.attempts(),
                row.nextAttemptAt(),
                row.createdAt(),
                row.updatedAt(),
                row.lastError());
    }
}
