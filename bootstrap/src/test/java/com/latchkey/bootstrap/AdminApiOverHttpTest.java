package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The operators' plane over real HTTP on the embedded H2 (SPEC §10): admin API, last use, leak reports. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiOverHttpTest {

    static final String TOKEN = "an-admin-token-of-forty-characters-0123456";

    @TempDir
    static Path dataDir;

    private EmbeddedServer server;
    private LatchkeyApi api;
    private AdminClient admin;
    private final LeakReporter reporter = new LeakReporter();

    @BeforeAll
    void start() throws IOException {
        server = Instances.start(Map.of(
                "latchkey.data-dir",
                dataDir.toString(),
                "latchkey.admin.token",
                TOKEN,
                "latchkey.limits.admin-per-client",
                "3/PT15M",
                // The limit test calls from an address of its own, so the other tests' loopback is never shut out.
                "latchkey.trusted-proxies",
                "127.0.0.1",
                "latchkey.key-use-flush-interval",
                "200ms",
                "latchkey.leak-reporter-keys",
                reporter.publishKeys(dataDir).toString()));
        api = new LatchkeyApi(server.getURL());
        admin = new AdminClient(server.getURL(), TOKEN);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void withoutTheTokenSettingEveryAdminPathIs404EvenWithAToken(@TempDir Path elsewhere) throws Exception {
        try (EmbeddedServer off = Instances.start(Map.of("latchkey.data-dir", elsewhere.toString()))) {
            AdminClient anyone = new AdminClient(off.getURL(), TOKEN);
            for (HttpResponse<String> answer : List.of(
                    anyone.get("/integrations"),
                    anyone.post("/integrations", "{\"id\":\"crm\",\"name\":\"CRM\",\"scopes\":[\"orders:read\"]}"),
                    anyone.get("/keys?email=a@shop.example"),
                    anyone.post("/keys/" + UUID.randomUUID() + "/revoke", ""),
                    anyone.get("/audit?email=a@shop.example"),
                    anyone.delete("/integrations/crm"),
                    anyone.get("/nothing-here"))) {
                assertThat(answer.statusCode())
                        .as(answer.request().uri().toString())
                        .isEqualTo(404);
                assertThat(answer.body()).contains("\"code\":\"NOT_FOUND\"");
            }
        }
    }

    @Test
    void aTokenShorterThan32CharactersStopsTheStartNamingTheSetting(@TempDir Path elsewhere) {
        assertThatThrownBy(() -> Instances.start(
                        Map.of("latchkey.data-dir", elsewhere.toString(), "latchkey.admin.token", "too-short")))
                .hasStackTraceContaining("LATCHKEY_ADMIN_TOKEN must be at least 32 characters");
    }

    @Test
    void everyAdminPathWantsTheTokenAndAnAddressThatGuessesWrongTooOftenIsShutOut() throws Exception {
        String guesserAddress = "198.51.100.23";
        HttpResponse<String> none = new AdminClient(server.getURL(), null, guesserAddress).get("/integrations");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(none.body()).contains("\"code\":\"INVALID_ADMIN_TOKEN\"").doesNotContain(TOKEN);
        assertThat(new AdminClient(server.getURL(), null, guesserAddress)
                        .get("/no-such-path")
                        .statusCode())
                .as("an unknown admin path tells nothing without the token")
                .isEqualTo(401);
        assertThat(admin.get("/no-such-path").statusCode()).isEqualTo(404);

        // The two calls without a token were failures too: with 3 allowed, the third failure is the last.
        AdminClient guesser =
                new AdminClient(server.getURL(), TOKEN.substring(0, TOKEN.length() - 1) + "7", guesserAddress);
        List<Integer> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            answers.add(guesser.get("/integrations").statusCode());
        }
        assertThat(answers).containsExactly(401, 429);
        assertThat(guesser.get("/integrations").headers().firstValue("Retry-After"))
                .isPresent();
        assertThat(new AdminClient(server.getURL(), TOKEN, guesserAddress)
                        .get("/integrations")
                        .statusCode())
                .as("that address learns nothing more, not even from the right token")
                .isEqualTo(429);
        assertThat(admin.get("/integrations").statusCode())
                .as("the operator's own address is not shut out")
                .isEqualTo(200);
    }

    @Test
    void anIntegrationIsRegisteredWithASecretShownOnceListedWithoutItAndRemoved() throws Exception {
        HttpResponse<String> registered = admin.post(
                "/integrations",
                "{\"id\":\"acme-crm\",\"name\":\"Acme CRM\",\"scopes\":[\"orders:read\",\"owner:read\"]}");
        assertThat(registered.statusCode()).isEqualTo(201);
        Map<String, Object> body = json(registered.body());
        String secret = (String) body.get("secret");
        assertThat(secret).matches("eci_[0-9A-Za-z]{38}");
        assertThat(body).containsEntry("scopes", List.of("orders:read", "owner:read"));

        HttpResponse<String> listed = admin.get("/integrations");
        assertThat(listed.body())
                .contains("\"id\":\"acme-crm\"", "\"secretHint\":\"" + secret.substring(0, 8) + "\"")
                .doesNotContain(secret);
        assertThat(admin.post("/integrations", "{\"id\":\"acme-crm\",\"name\":\"Other\",\"scopes\":[\"orders:read\"]}")
                        .body())
                .contains("\"code\":\"INTEGRATION_EXISTS\"");
        HttpResponse<String> unknownScope =
                admin.post("/integrations", "{\"id\":\"shady\",\"name\":\"Shady\",\"scopes\":[\"wallet:empty\"]}");
        assertThat(unknownScope.statusCode()).isEqualTo(400);
        assertThat(unknownScope.body()).contains("wallet:empty");
        assertThat(admin.post("/integrations", "{\"id\":\"Bad Id\",\"name\":\"\",\"scopes\":[]}")
                        .body())
                .contains("\"field\":\"id\"", "\"field\":\"name\"", "\"field\":\"scopes\"");
        assertThat(dataFiles())
                .as("the secret is nowhere in the data folder")
                .noneMatch(file -> contains(file, secret));

        assertThat(admin.delete("/integrations/acme-crm").statusCode()).isEqualTo(204);
        assertThat(admin.delete("/integrations/acme-crm").statusCode()).isEqualTo(404);
        assertThat(admin.get("/integrations").body()).doesNotContain("acme-crm");
    }

    @Test
    void anOperatorFindsAnOwnersKeysRevokesOneByIdAndTheOwnerIsTold() throws Exception {
        String email = "find.me@shop.example";
        String key = activeKey(email);
        HttpResponse<String> found = admin.get("/keys?email=Find.Me@SHOP.example");
        assertThat(found.statusCode()).isEqualTo(200);
        List<Map<String, Object>> keys = keysIn(found);
        assertThat(keys).hasSize(1);
        Map<String, Object> listed = keys.getFirst();
        assertThat(listed).containsEntry("status", "ACTIVE").containsEntry("hint", key.substring(0, 8));
        assertThat(listed.get("verifiedAt")).isNotNull();
        assertThat(found.body()).doesNotContain(key).doesNotContain(email);
        String keyId = (String) listed.get("keyId");

        HttpResponse<String> revoked = admin.post("/keys/" + keyId + "/revoke", "");
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json(revoked.body())).containsEntry("status", "REVOKED").containsEntry("ownerNotified", true);
        assertThat(api.me(key).statusCode()).isEqualTo(401);
        String notice = await().atMost(Duration.ofSeconds(10)).until(() -> noticeTo(email), text -> text != null);
        assertThat(notice).contains(key.substring(0, 8)).doesNotContain(key).contains("operator");

        assertThat(admin.post("/keys/" + keyId + "/revoke", "").body()).contains("\"code\":\"KEY_NOT_REVOCABLE\"");
        assertThat(admin.post("/keys/" + UUID.randomUUID() + "/revoke", "").statusCode())
                .isEqualTo(404);
        assertThat(admin.post("/keys/not-a-key-id/revoke", "").statusCode()).isEqualTo(404);
        assertThat(admin.get("/keys").statusCode()).as("no email").isEqualTo(400);
        assertThat(keysIn(admin.get("/keys?email=nobody@shop.example"))).isEmpty();
    }

    @Test
    void theLastUseMovesAfterUseAndIsNotWrittenOnEveryCall() throws Exception {
        String email = "busy.integration@shop.example";
        MeterRegistry meters = server.getApplicationContext().getBean(MeterRegistry.class);
        // Counted from before the verification: its use may be written (every 200 ms) before the calls begin.
        double writesBefore =
                meters.get("latchkey.key.uses.written").functionCounter().count();
        String key = activeKey(email);

        for (int i = 0; i < 50; i++) {
            assertThat(api.me(key).statusCode()).isEqualTo(200);
        }

        Object lastUsed = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> keysIn(admin.get("/keys?email=" + email))
                                .getFirst()
                                .get("lastUsedAt"),
                        at -> at != null);
        assertThat((String) lastUsed).as("to the minute").endsWith(":00Z");
        // The store is written before the count moves: wait for the count of the write just seen.
        double writes = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> meters.get("latchkey.key.uses.written")
                                        .functionCounter()
                                        .count()
                                - writesBefore,
                        count -> count >= 1);
        assertThat(writes)
                .as("51 uses (a verify and 50 calls) within at most two minutes are at most two writes, not 51")
                .isBetween(1.0, 2.0);
    }

    @Test
    void theTrailOfAnOwnerAndOfAKeyIsReadAPageAtATimeWithTheOperatorNamed() throws Exception {
        String email = "audited.owner@shop.example";
        activeKey(email);
        String keyId =
                (String) keysIn(admin.get("/keys?email=" + email)).getFirst().get("keyId");
        admin.post("/keys/" + keyId + "/revoke", "");

        Map<String, Object> owners = json(admin.get("/audit?email=" + email).body());
        List<Map<String, Object>> events = events(owners);
        assertThat(events)
                .extracting(event -> event.get("type"))
                .containsSubsequence("REQUESTED", "DELIVERED", "VERIFIED", "OPERATOR_LOOKUP", "REVOKED");
        assertThat(events)
                .filteredOn(event -> event.get("type").equals("REVOKED"))
                .singleElement()
                .satisfies(event -> assertThat(event).containsEntry("actor", "operator"));
        assertThat(owners.toString()).doesNotContain(email);

        Map<String, Object> first =
                json(admin.get("/audit?keyId=" + keyId + "&limit=2").body());
        assertThat(events(first)).hasSize(2);
        String next = (String) first.get("next");
        assertThat(next).isNotNull();
        Map<String, Object> second = json(
                admin.get("/audit?keyId=" + keyId + "&limit=2&after=" + next).body());
        assertThat(events(second)).isNotEmpty().noneMatch(events(first)::contains);

        assertThat(admin.get("/audit").statusCode()).isEqualTo(400);
        assertThat(admin.get("/audit?keyId=" + keyId + "&after=not-a-cursor").statusCode())
                .isEqualTo(400);
        assertThat(admin.get("/audit?email=" + email + "&since=yesterday").statusCode())
                .isEqualTo(400);
        assertThat(events(json(admin.get("/audit?email=" + email + "&since=2999-01-01T00:00:00Z")
                        .body())))
                .isEmpty();
    }

    @Test
    void aSignedLeakReportRevokesLiveKeysMailsTheirOwnersAndLabelsEveryToken() throws Exception {
        String email = "leaky.owner@shop.example";
        String key = activeKey(email);
        String stranger = "eck_" + "A".repeat(38);
        String body = "[" + LeakReporter.finding(key, "https://github.com/acme/shop/blob/main/.env") + ","
                + LeakReporter.finding(stranger, "https://github.com/acme/shop/blob/main/x") + "]";

        HttpResponse<String> answer = reporter.send(server.getURL(), body, reporter.sign(body));

        assertThat(answer.statusCode()).isEqualTo(200);
        List<Map<String, Object>> labels = server.getApplicationContext()
                .getBean(JsonMapper.class)
                .readValue(answer.body(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertThat(labels)
                .extracting(label -> label.get("token_raw") + " " + label.get("label"))
                .containsExactly(key + " true_positive", stranger + " false_positive");
        assertThat(api.me(key).statusCode()).isEqualTo(401);
        String notice = await().atMost(Duration.ofSeconds(10)).until(() -> noticeTo(email), text -> text != null);
        assertThat(notice)
                .contains("https://github.com/acme/shop/blob/main/.env")
                .doesNotContain(key);

        HttpResponse<String> again = reporter.send(server.getURL(), body, reporter.sign(body));
        assertThat(again.body())
                .as("a revoked key reported again is still ours")
                .contains("true_positive");
        assertThat(noticesTo(email)).as("and changes nothing: no second notice").isEqualTo(1);
    }

    @Test
    void anUnsignedTamperedOrForeignReportIs401AndChangesNothing() throws Exception {
        String email = "careful.owner@shop.example";
        String key = activeKey(email);
        String body = "[" + LeakReporter.finding(key, "https://github.com/x/y/blob/main/z") + "]";
        String signature = reporter.sign(body);

        String tampered = body.replace("x/y", "x/w");
        String foreign = new LeakReporter().sign(body);
        for (HttpResponse<String> answer : List.of(
                reporter.send(server.getURL(), tampered, signature),
                reporter.send(server.getURL(), body, foreign),
                reporter.send(server.getURL(), body, "not base64 at all"),
                reporter.send(server.getURL(), body, ""))) {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.body()).contains("\"code\":\"INVALID_SIGNATURE\"");
        }

        assertThat(api.me(key).statusCode()).as("the key still works").isEqualTo(200);
        assertThat(noticesTo(email)).isZero();
    }

    /** Requests a key for {@code email}, takes it from the pickup folder, verifies it, and answers it. */
    private String activeKey(String email) throws Exception {
        HttpResponse<String> accepted = api.requestKey("Owner", email);
        api.awaitStatus(LatchkeyApi.requestIdOf(accepted), "SENT");
        String key = new PickupFolder(dataDir).newestKeyFor(email);
        assertThat(api.verify(email, key).statusCode()).isEqualTo(200);
        return key;
    }

    private String noticeTo(String email) throws IOException {
        return notices(email).findFirst().orElse(null);
    }

    private long noticesTo(String email) throws IOException {
        return notices(email).count();
    }

    private Stream<String> notices(String email) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("mail"))) {
            return files
                    .filter(file -> file.toString().endsWith(".eml"))
                    .map(AdminApiOverHttpTest::read)
                    .filter(mail -> PickupFolder.isTo(mail, email)
                            && mail.lines().anyMatch(line -> line.startsWith("Subject:") && line.contains("revoked")))
                    .toList()
                    .stream();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
    }

    private Stream<Path> dataFiles() throws IOException {
        return Files.walk(dataDir).filter(Files::isRegularFile).toList().stream();
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
    }

    private Map<String, Object> json(String body) throws IOException {
        return server.getApplicationContext()
                .getBean(JsonMapper.class)
                .readValue(body, Argument.mapOf(String.class, Object.class));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> keysIn(HttpResponse<String> answer) throws IOException {
        return (List<Map<String, Object>>) json(answer.body()).get("keys");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("events");
    }
}
