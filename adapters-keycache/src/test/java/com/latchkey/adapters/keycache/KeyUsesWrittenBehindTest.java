package com.latchkey.adapters.keycache;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.domain.KeyId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Uses are noted in memory and written behind: at most once per key and minute, and none lost while the store is down. */
class KeyUsesWrittenBehindTest {

    private static final Instant NINE = Instant.parse("2026-11-28T09:00:00Z");

    private record Write(KeyId key, Instant at) {}

    private final List<Write> writes = new ArrayList<>();
    private boolean storeDown;
    private final RecordKeyUsePort store = (key, at) -> {
        if (storeDown) {
            throw new IllegalStateException("the database is down");
        }
        writes.add(new Write(key, at));
    };
    private final KeyUsesWrittenBehind behind = new KeyUsesWrittenBehind(store);

    @Test
    void aThousandUsesInAMinuteAreOneWriteOfThatMinuteAndNoneBeforeTheFlush() {
        KeyId key = KeyId.random();
        for (int second = 0; second < 1000; second++) {
            behind.used(key, NINE.plusMillis(second * 59L));
        }

        assertThat(writes).as("nothing is written on the caller's path").isEmpty();
        behind.flush();
        behind.flush();

        assertThat(writes).containsExactly(new Write(key, NINE));
        assertThat(behind.writes()).isEqualTo(1);
    }

    @Test
    void aMinuteWrittenIsNotWrittenAgainButTheNextMinuteIs() {
        KeyId key = KeyId.random();
        behind.used(key, NINE.plusSeconds(10));
        behind.flush();
        behind.used(key, NINE.plusSeconds(50));
        behind.flush();
        behind.used(key, NINE.plusSeconds(61));
        behind.flush();

        assertThat(writes).containsExactly(new Write(key, NINE), new Write(key, NINE.plusSeconds(60)));
    }

    @Test
    void eachKeyIsWrittenOnItsOwn() {
        KeyId one = KeyId.random();
        KeyId two = KeyId.random();
        behind.used(one, NINE);
        behind.used(two, NINE.plusSeconds(90));
        behind.flush();

        assertThat(writes).containsExactlyInAnyOrder(new Write(one, NINE), new Write(two, NINE.plusSeconds(60)));
    }

    @Test
    void aUseTheStoreRefusedIsKeptAndWrittenOnceItIsBack() {
        KeyId key = KeyId.random();
        behind.used(key, NINE);
        storeDown = true;
        behind.flush();
        assertThat(writes).isEmpty();

        storeDown = false;
        behind.flush();

        assertThat(writes).containsExactly(new Write(key, NINE));
    }

    @Test
    void anOlderUseNotedLateNeverReplacesANewerOne() {
        KeyId key = KeyId.random();
        behind.used(key, NINE.plusSeconds(120));
        behind.used(key, NINE);
        behind.flush();

        assertThat(writes).containsExactly(new Write(key, NINE.plusSeconds(120)));
    }
}
