package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.SecurityEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An operator reads the audit trail of one key or one owner, a page at a time. */
public interface ReadAuditTrailUseCase {

    Result read(Query query, ClientAddress operator);

    /**
     * Events of {@code key} or of {@code owner} (exactly one of them), at or after {@code since},
     * after the event {@code after} names (the {@code next} of an earlier page), at most {@code limit}.
     */
    record Query(Optional<KeyId> key, Optional<EmailAddress> owner, Instant since, Optional<String> after, int limit) {

        public static final int MAX_LIMIT = 500;

        public Query {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(after, "after");
            if (key.isPresent() == owner.isPresent()) {
                throw new IllegalArgumentException("the trail is read for one key or one owner");
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("a page holds 1 to " + MAX_LIMIT + " events");
            }
        }
    }

    /** An event of the trail and its id (what a later page starts after). */
    record Entry(String id, SecurityEvent event) {

        public Entry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(event, "event");
        }
    }

    sealed interface Result {

        /** One page, oldest first; {@code next} names the page after it, absent on the last. */
        record Page(List<Entry> events, Optional<String> next) implements Result {

            public Page {
                events = List.copyOf(events);
                Objects.requireNonNull(next, "next");
            }
        }

        /** {@code after} is not the {@code next} of any page of this trail. */
        record UnknownCursor() implements Result {}
    }
}
