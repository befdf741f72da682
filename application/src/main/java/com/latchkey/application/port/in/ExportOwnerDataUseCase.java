package com.latchkey.application.port.in;

import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ConsentGrant;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Gives the holder of an export link everything stored about its owner (SPEC §9); the link works once. */
public interface ExportOwnerDataUseCase {

    Result export(String token);

    /**
     * Everything stored about one owner: their requests, their keys (digests stay inside: hints and
     * dates only leave), when each was last used, their store and its grants, and their audit events.
     */
    record OwnerData(
            EmailAddress owner,
            Optional<StoreId> store,
            List<KeyRequest> requests,
            List<ApiKey> keys,
            Map<KeyId, Instant> lastUsed,
            List<ConsentGrant> grants,
            List<SecurityEvent> events,
            Instant exportedAt) {

        public OwnerData {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(store, "store");
            requests = List.copyOf(requests);
            keys = List.copyOf(keys);
            lastUsed = Map.copyOf(lastUsed);
            grants = List.copyOf(grants);
            events = List.copyOf(events);
            Objects.requireNonNull(exportedAt, "exportedAt");
        }
    }

    sealed interface Result {

        record Exported(OwnerData data) implements Result {

            public Exported {
                Objects.requireNonNull(data, "data");
            }
        }

        /** Used, expired, unknown, malformed or made for something else: one answer for all. */
        record LinkNotValid() implements Result {}
    }
}
