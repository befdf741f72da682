package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.SecurityEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads the audit trail back: the events of one key or of one owner, oldest first, a page at a time. */
public interface ReadAuditTrailPort {

    Page read(Query query);

    /** Whether {@code after} is a cursor this trail gives out (the id of one of its events); a read after any other is refused. */
    boolean isCursor(String after);

    /**
     * Events of {@code key} or of {@code owner} (exactly one of them), at or after {@code since},
     * after the event {@code after} names (a cursor from an earlier page), at most {@code limit}.
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

    /** An event as the trail keeps it, with the id a later page starts after. */
    record Recorded(String id, SecurityEvent event) {

        public Recorded {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(event, "event");
        }
    }

    /** One page; {@code next} is the cursor of the page after it, absent on the last page. */
    record Page(List<Recorded> events, Optional<String> next) {

        public Page {
            events = List.copyOf(events);
            Objects.requireNonNull(next, "next");
        }
    }
}
