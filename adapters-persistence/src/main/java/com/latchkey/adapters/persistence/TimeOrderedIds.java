package com.latchkey.adapters.persistence;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for rows that are only ever appended and never shown to anyone (audit events, delivery
 * attempts): UUIDs of version 7 (RFC 9562), whose first 48 bits are the millisecond they were made.
 * A new row's id then sorts after every older one and lands on the last page of the primary key's
 * index, where a random UUID lands on any page: on the embedded H2, each page a write touches is
 * written out again whole, so random ids made every audit event rewrite a page of its own.
 */
final class TimeOrderedIds {

    private TimeOrderedIds() {}

    static UUID next() {
        return at(System.currentTimeMillis());
    }

    /** An id of the given millisecond; the random bits only tell apart the ids of one millisecond. */
    static UUID at(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSignificant = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
