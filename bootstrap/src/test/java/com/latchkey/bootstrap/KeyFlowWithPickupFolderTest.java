package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default, as the README runs it: H2 file database and the pickup folder under the
 * data directory. The key arrives as an .eml file and verifies; afterwards no other file under
 * the data directory holds the key or the full email.
 */
class KeyFlowWithPickupFolderTest {

    @TempDir
    Path dataDir;

    @Test
    void keyMailedToThePickupFolderVerifiesAndNoOtherFileHoldsIt() throws Exception {
        String email = "pickup.owner@shop.example";
        String key;
        try (EmbeddedServer server = ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "micronaut.server.port", "-1",
                        "latchkey.data-dir", dataDir.toString(),
                        "latchkey.delivery.poll-interval", "100ms"))) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());

            HttpResponse<String> accepted = api.requestKey("Pickup Owner", email);
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(api.awaitStatus(LatchkeyApi.requestIdOf(accepted), "SENT")
                            .body())
                    .contains("\"SENT\"");

            List<Path> mails =
                    files().filter(file -> file.toString().endsWith(".eml")).toList();
            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).getParent()).isEqualTo(dataDir.resolve("mail"));
            key = LatchkeyApi.keyIn(Files.readString(mails.get(0), StandardCharsets.UTF_8));

            assertThat(api.verify(email, key).statusCode()).isEqualTo(200);
            assertThat(api.verify(email, key.replace('e', 'E')).statusCode()).isEqualTo(401);
        }

        List<Path> others =
                files().filter(file -> !file.toString().endsWith(".eml")).toList();
        assertThat(others).anyMatch(file -> file.getFileName().toString().endsWith(".mv.db"));
        for (Path file : others) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(content).as(file.toString()).doesNotContain(key).doesNotContain("pickup.owner");
        }
    }

    @Test
    void aStrangersNameCarriesNoneOfItsWordsIntoTheMailFile() throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "micronaut.server.port", "-1",
                        "latchkey.data-dir", dataDir.toString(),
                        "latchkey.delivery.poll-interval", "100ms"))) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());

            HttpResponse<String> accepted = api.requestKey(PhishingName.NAME, "victim.owner@shop.example");
            assertThat(api.awaitStatus(LatchkeyApi.requestIdOf(accepted), "SENT")
                            .body())
                    .contains("\"SENT\"");
        }

        List<Path> mails =
                files().filter(file -> file.toString().endsWith(".eml")).toList();
        assertThat(mails).hasSize(1);
        try (InputStream in = Files.newInputStream(mails.get(0))) {
            MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), in);
            PhishingName.assertAbsentFrom(mail);
            assertThat(mail.getHeader("To", null)).isEqualTo("victim.owner@shop.example");
        }
    }

    private Stream<Path> files() throws Exception {
        try (Stream<Path> walk = Files.walk(dataDir)) {
            return walk.filter(Files::isRegularFile).toList().stream();
        }
    }
}
