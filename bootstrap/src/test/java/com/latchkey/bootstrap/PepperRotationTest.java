package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the pepper on running instances (LATCHKEY_KEY_PEPPERS, SPEC §10): keys made under the old
 * pepper still verify, new keys use the new one, the background job seals every email again under
 * the new one, and the admin API says what still needs the old one: only the live keys' digests.
 */
class PepperRotationTest {

    private static final String TOKEN = "a-rotation-admin-token-0123456789abcdef";
    private static final String OLD = "the-pepper-in-use-before-the-rotation-00";
    private static final String NEW = "the-pepper-rotated-in-0123456789abcdefgh";

    @TempDir
    Path dataDir;

    @Test
    void onTheEmbeddedDatabaseOldKeysVerifyNewKeysUseTheNewPepperAndNoSealNeedsTheOldOne() throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "latchkey.data-dir",
                dataDir.toString(),
                "latchkey.admin.token",
                TOKEN,
                "latchkey.reseal-interval",
                "200ms"));
        String before;
        try (EmbeddedServer old = start(settings, "latchkey.key.pepper", OLD)) {
            before = activeKey(old, "before.rotation@shop.example");
            assertThat(new AdminClient(old.getURL(), TOKEN)
                            .post("/integrations", "{\"id\":\"crm\",\"name\":\"CRM\",\"scopes\":[\"orders:read\"]}")
                            .statusCode())
                    .isEqualTo(201);
        }

        try (EmbeddedServer behind = start(settings, "latchkey.key.peppers", OLD + "," + NEW)) {
            assertThat(new LatchkeyApi(behind.getURL()).me(before).statusCode())
                    .as("the new pepper added behind the old one changes nothing yet")
                    .isEqualTo(200);
        }

        try (EmbeddedServer during = start(settings, "latchkey.key.peppers", NEW + "," + OLD)) {
            LatchkeyApi api = new LatchkeyApi(during.getURL());
            assertThat(api.verify("before.rotation@shop.example", before).statusCode())
                    .isEqualTo(200);
            assertThat(api.me(before).statusCode()).isEqualTo(200);
            String after = activeKey(during, "after.rotation@shop.example");
            assertThat(api.me(after).statusCode()).isEqualTo(200);

            Map<String, Map<String, Object>> secrets = awaitResealed(during, 2);
            assertThat(secrets.get(idOf(NEW)))
                    .containsEntry("current", true)
                    .containsEntry("liveKeyDigests", 1)
                    .containsEntry("stillNeeded", true);
            assertThat(secrets.get(idOf(OLD)))
                    .as("the old key's and the integration's digests still need the old pepper; no sealed email does")
                    .containsEntry("current", false)
                    .containsEntry("liveKeyDigests", 2)
                    .containsEntry("sealedValues", 0);
            assertThat(sealedValues(during)).isNotEmpty().allMatch(value -> value.startsWith(idOf(NEW) + ":"));
            assertThat(digestSecrets(during)).containsExactlyInAnyOrder(idOf(OLD), idOf(NEW));
        }

        try (EmbeddedServer without = start(settings, "latchkey.key.peppers", NEW)) {
            AdminClient admin = new AdminClient(without.getURL(), TOKEN);
            assertThat(admin.get("/keys?email=before.rotation@shop.example").body())
                    .as("the old owner's sealed email opens, and is found, without the old pepper")
                    .contains("\"status\":\"ACTIVE\"");
            LatchkeyApi api = new LatchkeyApi(without.getURL());
            assertThat(api.me(before).statusCode())
                    .as("as the admin API said, the old key's digest needed the old pepper")
                    .isEqualTo(401);
        }
    }

    @Test
    void onPostgresAPairOfInstancesRotatesTogether() throws Exception {
        Map<String, Object> shared = new HashMap<>(PostgresServer.freshDatabase("rotation"));
        shared.put("latchkey.admin.token", TOKEN);
        shared.put("latchkey.reseal-interval", "200ms");
        // One data folder for both: either instance may deliver a key, into the one pickup folder.
        shared.put("latchkey.data-dir", dataDir.toString());
        String before;
        try (EmbeddedServer first = start(shared, "latchkey.key.pepper", OLD);
                EmbeddedServer second = start(shared, "latchkey.key.pepper", OLD)) {
            before = activeKey(first, "pg.before@shop.example");
            assertThat(new LatchkeyApi(second.getURL()).me(before).statusCode()).isEqualTo(200);
        }

        try (EmbeddedServer first = start(shared, "latchkey.key.peppers", NEW + "," + OLD);
                EmbeddedServer second = start(shared, "latchkey.key.peppers", NEW + "," + OLD)) {
            for (EmbeddedServer instance : List.of(first, second)) {
                assertThat(new LatchkeyApi(instance.getURL()).me(before).statusCode())
                        .isEqualTo(200);
            }
            String after = activeKey(second, "pg.after@shop.example");
            assertThat(new LatchkeyApi(first.getURL()).me(after).statusCode()).isEqualTo(200);

            Map<String, Map<String, Object>> secrets = awaitResealed(first, 1);
            assertThat(secrets.get(idOf(OLD)))
                    .containsEntry("liveKeyDigests", 1)
                    .containsEntry("sealedValues", 0);
            assertThat(sealedValues(second)).isNotEmpty().allMatch(value -> value.startsWith(idOf(NEW) + ":"));
            assertThat(digestSecrets(first)).containsExactlyInAnyOrder(idOf(OLD), idOf(NEW));
        }
    }

    private static EmbeddedServer start(Map<String, Object> settings, String pepperSetting, String peppers) {
        Map<String, Object> withPeppers = new HashMap<>(settings);
        withPeppers.put(pepperSetting, peppers);
        return Instances.start(withPeppers);
    }

    private static String activeKey(EmbeddedServer server, String email) throws Exception {
        LatchkeyApi api = new LatchkeyApi(server.getURL());
        api.awaitStatus(LatchkeyApi.requestIdOf(api.requestKey("Owner", email)), "SENT");
        Path dataDir = Path.of(server.getApplicationContext().getRequiredProperty("latchkey.data-dir", String.class));
        String key = new PickupFolder(dataDir).newestKeyFor(email);
        assertThat(api.verify(email, key).statusCode()).isEqualTo(200);
        return key;
    }

    /** The admin API's secrets once no sealed value needs an older pepper, by id. */
    private static Map<String, Map<String, Object>> awaitResealed(EmbeddedServer server, int oldDigests) {
        AdminClient admin = new AdminClient(server.getURL(), TOKEN);
        JsonMapper json = server.getApplicationContext().getBean(JsonMapper.class);
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            Map<String, Object> body = json.readValue(
                                    admin.get("/secrets").body(), Argument.mapOf(String.class, Object.class));
                            Map<String, Map<String, Object>> byId = new HashMap<>();
                            for (Object secret : (List<?>) body.get("secrets")) {
                                @SuppressWarnings("unchecked")
                                Map<String, Object> one = (Map<String, Object>) secret;
                                byId.put((String) one.get("id"), one);
                            }
                            return byId;
                        },
                        byId -> byId.size() == 2
                                && Integer.valueOf(0).equals(byId.get(idOf(OLD)).get("sealedValues"))
                                && Integer.valueOf(oldDigests)
                                        .equals(byId.get(idOf(OLD)).get("liveKeyDigests")));
    }

    private static List<String> sealedValues(EmbeddedServer server) throws Exception {
        return column(server, "SELECT email_sealed FROM key_request UNION ALL SELECT email_sealed FROM api_key");
    }

    /** The peppers of the live keys' digests. */
    private static List<String> digestSecrets(EmbeddedServer server) throws Exception {
        return column(server, "SELECT digest_secret FROM api_key WHERE status = 'ACTIVE'");
    }

    private static List<String> column(EmbeddedServer server, String sql) throws Exception {
        DataSource database = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(
                server.getApplicationContext().getBean(DataSource.class));
        List<String> values = new ArrayList<>();
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** A pepper's id as the secrets adapter names it, computed here on its own. */
    private static String idOf(String pepper) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(mac.doFinal("latchkey/secret-id/v1".getBytes(StandardCharsets.UTF_8)), 0, 4);
        } catch (java.security.GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
