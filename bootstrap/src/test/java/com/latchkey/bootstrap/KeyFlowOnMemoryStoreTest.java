package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LATCHKEY_ADAPTERS_STORE=memory LATCHKEY_ADAPTERS_LIMITS=none}, as a demo would run it: the
 * README's flow (request, mail, verify, an integration call, revoke) with no database at all.
 */
class KeyFlowOnMemoryStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void theReadmeFlowWorksWithTheStoreInMemoryAndNoDatabaseIsOpened() throws Exception {
        Map<String, Object> settings = new HashMap<>(Application.databaseWhenTheStoreNeedsIt("memory"));
        settings.putAll(Map.of(
                "micronaut.server.port", "-1",
                "latchkey.data-dir", dataDir.toString(),
                "latchkey.adapters.store", "memory",
                "latchkey.adapters.limits", "none",
                "latchkey.delivery.poll-interval", "100ms"));
        String email = "memory.owner@shop.example";
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings)) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());

            HttpResponse<String> accepted = api.requestKey("Memory Owner", email);
            assertThat(accepted.statusCode()).isEqualTo(202);
            api.awaitStatus(LatchkeyApi.requestIdOf(accepted), "SENT");
            List<Path> mails =
                    files().filter(file -> file.toString().endsWith(".eml")).toList();
            assertThat(mails).hasSize(1);
            String key = LatchkeyApi.keyIn(Files.readString(mails.getFirst(), StandardCharsets.UTF_8));

            assertThat(api.me(key).statusCode()).as("not verified yet").isEqualTo(401);
            assertThat(api.verify(email, key).statusCode()).isEqualTo(200);
            assertThat(api.me(key).statusCode()).isEqualTo(200);
            assertThat(api.revoke(key).statusCode()).isEqualTo(200);
            assertThat(api.me(key).statusCode()).isEqualTo(401);

            assertThat(server.getApplicationContext().findBean(DataSource.class))
                    .as("no database is opened for a store that needs none")
                    .isEmpty();
            assertThat(server.getApplicationContext().getRequiredProperty("latchkey.adapters.store", String.class))
                    .isEqualTo("memory");
        }
        assertThat(files()).noneMatch(file -> file.getFileName().toString().endsWith(".mv.db"));
    }

    @Test
    void aStoreOtherThanJdbcOpensNoDatabaseAndJdbcTheDefaultDoes() {
        assertThat(Application.databaseWhenTheStoreNeedsIt("memory"))
                .containsEntry("datasources.default.enabled", false);
        assertThat(Application.databaseWhenTheStoreNeedsIt("jdbc")).isEmpty();
        assertThat(Application.databaseWhenTheStoreNeedsIt(null)).isEmpty();
    }

    private Stream<Path> files() throws Exception {
        return Files.walk(dataDir).filter(Files::isRegularFile);
    }
}
