package com.latchkey.adapters.persistence;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids for rows that are only ever appended and never shown to anyone (audit events, delivery
 * attempts): UUIDs of version 7 (RFC 9562), whose first 48 bits are the millisecond they were made.
 * A new row's id then sorts after every older one and lands on the last page of the primary key's
 * index, where a random UUID lands on any page: on the embedded H2, each page a write touches is
 * written out again whole, so random ids made every audit event rewrite a page of its own.
 *
 * <p>{@link #next()} also orders the ids this process makes within one millisecond (the 12 bits
 * after the version count up, RFC 9562 method 1): the audit trail is read back in the order of its
 * ids, and two events of one millisecond (a verification and the rotation it caused) must not swap.
 */
final class TimeOrderedIds {

    private static final long VERSION_7 = 0x7000L;
    private static final long COUNTER = 0x0FFFL;
    /** The most significant bits of the last id made here. */
    private static final AtomicLong LAST = new AtomicLong();

    private TimeOrderedIds() {}

    static UUID next() {
        long fresh = (System.currentTimeMillis() << 16) | VERSION_7;
        long mostSignificant = LAST.accumulateAndGet(fresh, (last, now) -> now > last ? now : following(last));
        return new UUID(mostSignificant, randomLeastSignificant());
    }

    /** The bits after {@code last}: its counter plus one, or the next millisecond once the counter is full. */
    private static long following(long last) {
        return (last & COUNTER) == COUNTER ? (((last >>> 16) + 1) << 16) | VERSION_7 : last + 1;
    }

    private static long randomLeastSignificant() {
        return (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    }

    /** An id of the given millisecond; the random bits only tell apart the ids of one millisecond. */
    static UUID at(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSignificant = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
