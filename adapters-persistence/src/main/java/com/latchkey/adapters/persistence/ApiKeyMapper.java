package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyHint;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.StoreId;

/** Between the domain's {@link ApiKey} and its row. */
final class ApiKeyMapper {

    private final SealPersonalDataPort emails;

    ApiKeyMapper(SealPersonalDataPort emails) {
        this.emails = emails;
    }

    /** The row of a new key, whose digest was made under the pepper {@code digestSecret} names. */
    ApiKeyRow toRow(ApiKey key, String digestSecret) {
        return new ApiKeyRow(
                key.id().value(),
                key.requestId().value(),
                emails.index(key.email()),
                emails.seal(key.email()),
                OwnerNameColumn.text(key.ownerName(), emails),
                key.digest().hex(),
                key.hint().value(),
                key.status().name(),
                key.mintedAt(),
                key.expiresAt(),
                key.verifiedAt().orElse(null),
                null,
                digestSecret,
                key.storeId().value());
    }

    /** The key of a row, whose store is {@code store} (the row's own, unless an earlier release stored it). */
    ApiKey toDomain(ApiKeyRow row, StoreId store) {
        return ApiKey.restore(
                new KeyId(row.id()),
                new RequestId(row.requestId()),
                emails.open(row.emailSealed()),
                OwnerNameColumn.name(row.ownerName(), emails),
                new KeyDigest(row.digest()),
                new KeyHint(row.hint()),
                KeyStatus.valueOf(row.status()),
                row.mintedAt(),
                row.expiresAt(),
                row.verifiedAt(),
                store);
    }
}
