package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void anIdIsAVersion7UuidCarryingItsMillisecond() {
        long millis = Instant.parse("2026-11-27T18:00:00.123Z").toEpochMilli();

        UUID id = TimeOrderedIds.at(millis);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Test
    void anIdMadeLaterSortsAfterEveryIdMadeBefore() {
        long millis = Instant.parse("2026-11-27T18:00:00Z").toEpochMilli();
        for (int i = 0; i < 1_000; i++) {
            UUID earlier = TimeOrderedIds.at(millis + i);
            UUID later = TimeOrderedIds.at(millis + i + 1);
            // Both databases order UUIDs as unsigned 128-bit numbers, as their text sorts.
            assertThat(later.toString()).isGreaterThan(earlier.toString());
            assertThat(Long.compareUnsigned(later.getMostSignificantBits(), earlier.getMostSignificantBits()))
                    .isPositive();
        }
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        long millis = System.currentTimeMillis();

        assertThat(TimeOrderedIds.at(millis)).isNotEqualTo(TimeOrderedIds.at(millis));
    }

    @Test
    void idsMadeOneAfterAnotherSortInTheOrderTheyWereMadeEvenWithinOneMillisecond() {
        UUID previous = TimeOrderedIds.next();
        for (int i = 0; i < 20_000; i++) {
            UUID id = TimeOrderedIds.next();
            assertThat(Long.compareUnsigned(id.getMostSignificantBits(), previous.getMostSignificantBits()))
                    .isPositive();
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.toString()).isGreaterThan(previous.toString());
            previous = id;
        }
    }
}
