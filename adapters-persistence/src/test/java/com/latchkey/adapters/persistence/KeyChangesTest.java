package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.latchkey.application.port.out.KeyChangesPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.StoreId;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Key changes heard on a real PostgreSQL, through the port; and the port chosen on each database. */
class KeyChangesTest {

    private static final Database DB = Database.POSTGRES;
    private static final Duration WITHIN = Duration.ofSeconds(5);

    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final SecureRandom random = new SecureRandom();
    private final Heard heard = new Heard();
    private final PostgresKeyChanges changes = new PostgresKeyChanges(DB.port(DataSource.class));

    /** What a listener was told. */
    private static final class Heard implements KeyChangesPort.Listener {
        final List<KeyDigest> changed = new CopyOnWriteArrayList<>();
        final AtomicInteger listeningBegan = new AtomicInteger();

        @Override
        public void changed(KeyDigest digest) {
            changed.add(digest);
        }

        @Override
        public void mayHaveMissedChanges() {
            listeningBegan.incrementAndGet();
        }

        /** Each moment vouched for, with the changes told by then. */
        record Vouched(Instant before, List<KeyDigest> toldBy) {}

        final List<Vouched> vouched = new CopyOnWriteArrayList<>();

        @Override
        public void heardEverythingBefore(Instant instant) {
            vouched.add(new Vouched(instant, List.copyOf(changed)));
        }

        Instant lastVouched() {
            return vouched.isEmpty() ? Instant.MIN : vouched.getLast().before();
        }
    }

    @AfterEach
    void stopListening() {
        changes.close();
    }

    private void listen() {
        changes.subscribe(heard);
        await().atMost(WITHIN).until(() -> heard.listeningBegan.get() == 1);
    }

    /** A key just minted, stored with its request. */
    private ApiKey mintedKey() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        KeyRequest request = KeyRequest.accept(
                RequestId.random(),
                EmailAddress.of("owner" + random.nextInt(1_000_000) + "@example.com"),
                OwnerName.of("Owner"),
                at);
        DB.port(SaveKeyRequestPort.class).insert(request);
        PlainApiKey plain = format.mint(random::nextInt);
        ApiKey minted = ApiKey.mint(
                KeyId.random(),
                request,
                StoreId.random(),
                DB.port(KeyDigestPort.class).digestOf(plain),
                plain.hint(),
                at,
                Duration.ofHours(1));
        DB.port(SaveApiKeyPort.class).insert(minted);
        return minted;
    }

    @Test
    void aCommittedChangeIsHeard() {
        listen();
        ApiKey minted = mintedKey();

        assertThat(DB.port(SaveApiKeyPort.class).compareAndSet(minted, minted.delivered()))
                .isTrue();

        await().atMost(WITHIN).until(() -> heard.changed.contains(minted.digest()));
    }

    @Test
    void aRolledBackChangeIsNotHeard() {
        listen();
        ApiKey rolledBack = mintedKey();
        ApiKey committed = mintedKey();
        SaveApiKeyPort keys = DB.port(SaveApiKeyPort.class);

        assertThatThrownBy(() -> DB.port(TransactionPort.class).inTransaction(() -> {
                    keys.compareAndSet(rolledBack, rolledBack.delivered());
                    throw new IllegalStateException("crash mid-transaction");
                }))
                .hasMessage("crash mid-transaction");
        assertThat(keys.compareAndSet(
                        rolledBack.delivered(), rolledBack.delivered().revoke()))
                .as("no change: the stored key is not in the state it was decided on")
                .isFalse();
        keys.compareAndSet(committed, committed.delivered());

        // Notifications arrive in the order of commits: a later one heard, nothing earlier is still coming.
        await().atMost(WITHIN).until(() -> heard.changed.contains(committed.digest()));
        assertThat(heard.changed).containsExactly(committed.digest());
    }

    @Test
    void aChangeMadeInSqlOutsideTheServiceIsHeardToo() throws Exception {
        listen();
        ApiKey minted = mintedKey();

        try (Connection connection = pool().getConnection();
                PreparedStatement revoke =
                        connection.prepareStatement("UPDATE api_key SET status = 'REVOKED' WHERE digest = ?")) {
            revoke.setString(1, minted.digest().hex());
            assertThat(revoke.executeUpdate()).isEqualTo(1);
        }

        await().atMost(WITHIN).until(() -> heard.changed.contains(minted.digest()));
    }

    @Test
    void listeningBeginsAgainAfterItsConnectionIsKilledAndHearsLaterChanges() throws Exception {
        listen();

        assertThat(terminateListeningConnections()).isPositive();

        await().atMost(WITHIN).until(() -> heard.listeningBegan.get() == 2);
        ApiKey minted = mintedKey();
        DB.port(SaveApiKeyPort.class).compareAndSet(minted, minted.delivered());
        await().atMost(WITHIN).until(() -> heard.changed.contains(minted.digest()));
    }

    @Test
    void aChangeCommittedBeforeAMomentVouchedForWasToldBeforeIt() {
        listen();
        ApiKey minted = mintedKey();
        DB.port(SaveApiKeyPort.class).compareAndSet(minted, minted.delivered());
        Instant committed = Instant.now();

        await().atMost(WITHIN).until(() -> heard.lastVouched().isAfter(committed));

        assertThat(heard.vouched.stream()
                        .filter(vouched -> vouched.before().isAfter(committed))
                        .findFirst()
                        .orElseThrow()
                        .toldBy())
                .contains(minted.digest());
    }

    @Test
    void whileListeningTheMomentVouchedForKeepsUp() {
        listen();
        for (int round = 0; round < 3; round++) {
            Instant asked = Instant.now();
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> heard.lastVouched().isAfter(asked));
        }
    }

    @Test
    void onlyTheEmbeddedH2FileVouchesThatNoOtherInstanceChangesKeys() {
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:file:./data/latchkey;RETENTION_TIME=3000"))
                .isTrue();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:./data/latchkey"))
                .isTrue();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:file:./data/latchkey;AUTO_SERVER=FALSE"))
                .isTrue();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:file:./data/latchkey;AUTO_SERVER=TRUE"))
                .isFalse();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:file:./data/latchkey;auto_server=1"))
                .isFalse();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:file:./data/latchkey;FILE_LOCK=NO"))
                .isFalse();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:memFS:latchkey"))
                .isFalse();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:nioMemLZF:latchkey"))
                .isFalse();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:split:nio:/var/lib/latchkey/db"))
                .isTrue();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:C:/latchkey/db"))
                .isTrue();
        assertThat(EmbeddedH2.inThisProcessMemory("jdbc:h2:memFS:latchkey")).isTrue();
        assertThat(EmbeddedH2.inThisProcessMemory("jdbc:h2:file:./data/latchkey"))
                .isFalse();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:tcp://db:9092/latchkey"))
                .isFalse();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:ssl://db:9092/latchkey"))
                .isFalse();
        assertThat(EmbeddedH2.openedByThisProcessAlone("jdbc:h2:mem:shared;DB_CLOSE_DELAY=-1"))
                .isFalse();
        Heard alone = new Heard();
        new LocalKeyChanges(true).subscribe(alone);
        assertThat(alone.lastVouched()).isEqualTo(Instant.MAX);
        Heard shared = new Heard();
        new LocalKeyChanges(false).subscribe(shared);
        assertThat(shared.vouched).isEmpty();
    }

    @Test
    void eachDatabaseHasItsOwnKindOfKeyChanges() {
        assertThat(Database.POSTGRES.port(KeyChangesPort.class)).isInstanceOf(PostgresKeyChanges.class);
        assertThat(Database.H2.port(KeyChangesPort.class)).isInstanceOf(LocalKeyChanges.class);
    }

    private static DataSource pool() {
        return DelegatingDataSource.unwrapDataSource(DB.port(DataSource.class));
    }

    /** Ends the listening sessions on the test database, as an administrator or a failover would. */
    private static int terminateListeningConnections() throws Exception {
        try (Connection connection = pool().getConnection();
                PreparedStatement terminate = connection.prepareStatement("SELECT count(pg_terminate_backend(pid))"
                        + " FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()")) {
            terminate.setString(1, PostgresKeyChanges.APPLICATION_NAME);
            try (ResultSet row = terminate.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
