package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.EmailAddress;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC §9, read against the data: owners go through the flows, the clock moves past both retention
 * windows and the retention job runs, one live owner erases their data, the pickup folder's own
 * retention passes; then every table and every file under the data folder is read. Nothing of an
 * owner whose keys ended, or of the erased owner, is left: not their name, email, email domain or
 * the client's full address, in clear, encoded, as an index, or sealed (every sealed value is opened
 * with the pepper to be sure). The owner still using a key is found, so the search can see.
 */
class NothingPersonalLeftTest {

    private static final String TOKEN = "a-privacy-admin-token-0123456789abcdef";
    private static final String PEPPER = "a-pepper-for-the-privacy-test-0123456789";

    private record Owner(String name, String email) {

        String domain() {
            return email.substring(email.indexOf('@') + 1);
        }
    }

    private final Owner ended = new Owner("Adalbertina Endedowner", "adalbertina.ended@ended-owner.example");
    private final Owner unverified = new Owner("Bartholomew Neververified", "bartholomew@never-verified.example");
    private final Owner erased = new Owner("Clementine Erasedowner", "clementine.erased@erased-owner.example");
    private final Owner kept = new Owner("Dorothea Keptowner", "dorothea.kept@kept-owner.example");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void afterTheRetentionWindowsAndAnErasureNothingOfEndedOrErasedOwnersIsLeft(String database, @TempDir Path dataDir)
            throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put("latchkey.data-dir", dataDir.toString());
        settings.put("latchkey.admin.token", TOKEN);
        settings.put("latchkey.key.pepper", PEPPER);
        settings.put("latchkey.retention.interval", "1s");
        if (database.equals("postgres")) {
            settings.putAll(PostgresServer.freshDatabase("nothing_left"));
        }

        String erasedKey;
        String keptKey;
        try (EmbeddedServer today = start(settings, Duration.ZERO)) {
            LatchkeyApi api = new LatchkeyApi(today.getURL());
            String endedKey = activeKey(api, dataDir, ended);
            assertThat(api.revoke(endedKey).statusCode()).isEqualTo(200);
            api.awaitStatus(LatchkeyApi.requestIdOf(api.requestKey(unverified.name(), unverified.email())), "SENT");
            erasedKey = activeKey(api, dataDir, erased);
            keptKey = activeKey(api, dataDir, kept);
            String secret =
                    ConsentFlowOverHttpTest.register(new AdminClient(today.getURL(), TOKEN), "crm", "orders:read");
            ConsentClient consent = new ConsentClient(today.getURL());
            assertThat(consent.requestConsent("crm", secret, erasedKey, "orders:read")
                            .statusCode())
                    .isEqualTo(202);
            String grant = ConsentFlowOverHttpTest.nextToken(dataDir, erased.email(), "consent", 0);
            assertThat(consent.decide(grant, "APPROVE").statusCode()).isEqualTo(200);
        }

        try (EmbeddedServer hundredDaysOn = start(settings, Duration.ofDays(100))) {
            DataSource data = dataSourceOf(hundredDaysOn);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(count(data, "api_key"))
                        .as("the ended and the never verified keys are gone")
                        .isEqualTo(2);
                assertThat(count(data, "key_request")).isEqualTo(2);
                assertThat(count(data, "store_owner")).isEqualTo(2);
                assertThat(count(data, "audit_event"))
                        .as("every event is older than 90 days now")
                        .isZero();
            });

            ConsentClient owner = new ConsentClient(hundredDaysOn.getURL());
            assertThat(owner.ownerLink(erased.email(), "ERASE").statusCode()).isEqualTo(202);
            String link = ConsentFlowOverHttpTest.nextToken(dataDir, erased.email(), "privacy/erase", 0);
            HttpResponse<String> done = owner.erase(link);
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(done.body()).isEqualTo("{\"status\":\"ERASED\",\"keysRevoked\":1,\"confirmationSent\":true}");
            LatchkeyApi api = new LatchkeyApi(hundredDaysOn.getURL());
            // (Trying the erased key again would be new data about that email: OwnerDataOverHttpTest does it.)
            assertThat(api.me(erasedKey).statusCode()).isEqualTo(401);
            assertThat(api.verify(kept.email(), keptKey).statusCode()).isEqualTo(200);

            assertThat(owner.ownerLink(kept.email(), "EXPORT").statusCode()).isEqualTo(202);
            HttpResponse<String> export =
                    owner.export(ConsentFlowOverHttpTest.nextToken(dataDir, kept.email(), "privacy/export", 0));
            assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
            assertThat(export.body())
                    .as("the owner still using a key gets everything kept about them")
                    .contains(kept.name(), kept.email(), "\"status\":\"ACTIVE\"")
                    .doesNotContain(keptKey);

            List<String> aboutTheErased = mailsMentioning(dataDir, erased.email());
            assertThat(aboutTheErased)
                    .as("only the erase link and the confirmation, sent after the erasure was asked, wait in the"
                            + " pickup folder for its own retention")
                    .hasSize(2)
                    .noneMatch(mail -> mail.contains(erased.name()));
            assertThat(aboutTheErased.getLast()).contains("your data was erased");
            assertThat(mailsMentioning(dataDir, ended.email())).isEmpty();
        }

        try (EmbeddedServer weekLater = start(settings, Duration.ofDays(108))) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> mailsMentioning(dataDir, erased.email()).isEmpty());
            SealPersonalDataPort seals = weekLater.getApplicationContext().getBean(SealPersonalDataPort.class);
            List<String> cells = everyCell(dataSourceOf(weekLater));

            for (Owner gone : List.of(ended, unverified, erased)) {
                List<String> traces = tracesOf(gone, seals);
                for (String cell : cells) {
                    for (String trace : traces) {
                        assertThat(cell.toLowerCase(Locale.ROOT))
                                .as("a stored value holds a trace of %s", gone.email())
                                .doesNotContain(trace.toLowerCase(Locale.ROOT));
                    }
                    assertThat(opened(cell, seals))
                            .as("a sealed value opens to %s", gone.email())
                            .doesNotContain(gone.email().toLowerCase(Locale.ROOT), gone.name());
                }
            }
            assertThat(cells).as("no full client address").noneMatch(cell -> cell.contains("127.0.0.1"));
            assertThat(cells)
                    .as("the owner still using a key is found: the search sees what is there")
                    .contains(seals.index(EmailAddress.of(kept.email())));
            assertThat(cells.stream().flatMap(cell -> opened(cell, seals).stream()))
                    .contains(kept.email(), kept.name());
        }

        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (Owner gone : List.of(ended, unverified, erased)) {
                    for (String clear : List.of(
                            gone.email(),
                            gone.name(),
                            base64(gone.email()),
                            new String(
                                    gone.email().getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1))) {
                        assertThat(bytes).as("%s holds %s", file, gone.email()).doesNotContain(clear);
                    }
                }
            }
        }
    }

    private static EmbeddedServer start(Map<String, Object> settings, Duration ahead) {
        Map<String, Object> moved = new HashMap<>(settings);
        moved.put("test.clock-offset", ahead.toString());
        return Instances.start(moved);
    }

    private static String activeKey(LatchkeyApi api, Path dataDir, Owner owner) throws Exception {
        api.awaitStatus(LatchkeyApi.requestIdOf(api.requestKey(owner.name(), owner.email())), "SENT");
        String key = new PickupFolder(dataDir).newestKeyFor(owner.email());
        assertThat(api.verify(owner.email(), key).statusCode()).isEqualTo(200);
        return key;
    }

    /** What an owner's data would look like if any were left: in clear, encoded, digested, indexed. */
    private static List<String> tracesOf(Owner owner, SealPersonalDataPort seals) throws Exception {
        List<String> traces = new ArrayList<>(List.of(
                owner.email(),
                owner.name(),
                owner.domain(),
                base64(owner.email()),
                base64(owner.name()),
                HexFormat.of().formatHex(owner.email().getBytes(StandardCharsets.UTF_8)),
                HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(owner.email().getBytes(StandardCharsets.UTF_8)))));
        traces.addAll(seals.indexes(EmailAddress.of(owner.email())));
        return traces;
    }

    /** What a value opens to, if it is a sealed email or name. */
    private static List<String> opened(String cell, SealPersonalDataPort seals) {
        List<String> values = new ArrayList<>();
        for (String candidate : List.of(cell, cell.isEmpty() ? cell : cell.substring(1))) {
            try {
                values.add(seals.open(candidate).value().toLowerCase(Locale.ROOT));
            } catch (RuntimeException notAnEmail) {
                // not a sealed email
            }
            try {
                values.add(seals.openName(candidate).value());
            } catch (RuntimeException notAName) {
                // not a sealed name
            }
        }
        return values;
    }

    private static String base64(String text) {
        return Base64.getEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> mailsMentioning(Path dataDir, String email) throws Exception {
        Path folder = dataDir.resolve("mail");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> mails = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".eml"))
                    .sorted()
                    .toList()) {
                String text = PickupFolder.decoded(file);
                if (text.toLowerCase(Locale.ROOT).contains(email)) {
                    mails.add(text);
                }
            }
        }
        return mails;
    }

    private static DataSource dataSourceOf(EmbeddedServer server) {
        return DelegatingDataSource.unwrapDataSource(
                server.getApplicationContext().getBean(DataSource.class));
    }

    private static long count(DataSource data, String table) throws Exception {
        try (Connection connection = data.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Every value of every table of the service's schema, as text (bytes as ISO-8859-1). */
    private static List<String> everyCell(DataSource data) throws Exception {
        List<String> cells = new ArrayList<>();
        try (Connection connection = data.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                            "SELECT table_name FROM information_schema.tables"
                                    + " WHERE LOWER(table_schema) = 'public' AND table_type IN ('BASE TABLE', 'TABLE')");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            assertThat(tables).as("the tables of the schema").hasSizeGreaterThan(8);
            for (String table : tables) {
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int column = 1; column <= columns; column++) {
                            Object value = rows.getObject(column);
                            if (value instanceof byte[] bytes) {
                                cells.add(new String(bytes, StandardCharsets.ISO_8859_1));
                            } else if (value != null) {
                                cells.add(value.toString());
                            }
                        }
                    }
                }
            }
        }
        return cells;
    }
}
