package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.LoadOwnerLinkPort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SaveOwnerLinkPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.OwnerLinkId;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.StoreId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After a rotation, the owners' stores and the owner links are sealed and indexed again under the
 * newest pepper, like the requests and keys, and are still found; until then they count among the
 * values that need the old one.
 */
class SecretRotationTest {

    private static final String OLD = "the-pepper-in-use-before-the-rotation-00";
    private static final String NEW = "the-pepper-rotated-in-0123456789abcdefgh";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void storesAndLinksMoveToTheNewestPepper(String database) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        if (database.equals("postgres")) {
            settings.putAll(PostgresServer.freshDatabase("rotation"));
        } else {
            settings.put("datasources.default.url", "jdbc:h2:mem:rotation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        }
        EmailAddress owner = EmailAddress.of("Rotating@Shop.example");
        StoreId store;
        KeyDigest digest;
        try (ApplicationContext before = start(settings, OLD)) {
            store = before.getBean(OwnerStoresPort.class).storeOf(owner);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            digest = before.getBean(KeyDigestPort.class)
                    .digestOf(ApiKeyFormat.withPrefix("ecl_").mint(new SecureRandom()::nextInt));
            before.getBean(SaveOwnerLinkPort.class)
                    .insert(OwnerLink.forOwner(
                            OwnerLinkId.random(),
                            digest,
                            LinkPurpose.MANAGE_CONSENTS,
                            owner,
                            store,
                            now,
                            now.plus(Duration.ofMinutes(30))));
        }

        try (ApplicationContext during = start(settings, NEW + "," + OLD)) {
            SecretRotation rotation = during.getBean(SecretRotation.class);
            String newest = during.getBean(SealPersonalDataPort.class).currentSecret();
            assertThat(rotation.sealedValuesBySecret())
                    .as("sealed under the single old pepper: not yet labelled")
                    .containsEntry("", 2L);

            rotation.run();

            Map<String, Long> resealed = new HashMap<>(rotation.sealedValuesBySecret());
            resealed.values().removeIf(count -> count == 0);
            assertThat(resealed).as("none needs the old pepper").containsOnly(Map.entry(newest, 2L));
            assertThat(sealed(during, "store_owner")).singleElement().asString().startsWith(newest + ":");
            assertThat(sealed(during, "owner_link")).singleElement().asString().startsWith(newest + ":");
            assertThat(during.getBean(OwnerStoresPort.class).find(EmailAddress.of("rotating@shop.example")))
                    .contains(store);
            assertThat(during.getBean(LoadOwnerLinkPort.class)
                            .loadByDigest(digest)
                            .orElseThrow()
                            .owner()
                            .value())
                    .isEqualTo("Rotating@shop.example");
        }

        try (ApplicationContext after = start(settings, NEW)) {
            assertThat(after.getBean(OwnerStoresPort.class).storeOf(owner))
                    .as("found without the old pepper")
                    .isEqualTo(store);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void ownersNamesMoveToTheNewestPepperAndCountAmongTheSealedValuesUntilThen(String database) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        if (database.equals("postgres")) {
            settings.putAll(PostgresServer.freshDatabase("rotation_names"));
        } else {
            settings.put(
                    "datasources.default.url",
                    "jdbc:h2:mem:rotation-names-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        }
        OwnerName name = OwnerName.of("Rotating Names Ltd");
        KeyRequest request = KeyRequest.accept(
                RequestId.random(),
                EmailAddress.of("names@shop.example"),
                name,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        String old;
        try (ApplicationContext before = start(settings, OLD)) {
            before.getBean(SaveKeyRequestPort.class).insert(request);
            old = before.getBean(SealPersonalDataPort.class).currentSecret();
        }

        try (ApplicationContext during = start(settings, NEW + "," + OLD)) {
            SecretRotation rotation = during.getBean(SecretRotation.class);
            String newest = during.getBean(SealPersonalDataPort.class).currentSecret();
            assertThat(rotation.sealedValuesBySecret())
                    .as("the name, sealed under the old pepper")
                    .containsEntry(old, 1L);

            rotation.run();

            assertThat(rotation.sealedValuesBySecret())
                    .containsEntry(newest, 2L)
                    .doesNotContainKey(old);
            assertThat(column(during, "SELECT owner_name FROM key_request"))
                    .singleElement()
                    .asString()
                    .startsWith(OwnerNameColumn.SEALED + newest + ":")
                    .doesNotContain("Rotating");
        }

        try (ApplicationContext after = start(settings, NEW)) {
            assertThat(after.getBean(LoadKeyRequestPort.class)
                            .load(request.id())
                            .orElseThrow()
                            .ownerName())
                    .as("opened without the old pepper")
                    .isEqualTo(name);
        }
    }

    private static ApplicationContext start(Map<String, Object> settings, String peppers) {
        Map<String, Object> withPeppers = new HashMap<>(settings);
        withPeppers.put("latchkey.key.peppers", peppers);
        return ApplicationContext.builder()
                .environments("test")
                .properties(withPeppers)
                .start();
    }

    private static List<String> sealed(ApplicationContext context, String table) throws Exception {
        return column(context, "SELECT email_sealed FROM " + table);
    }

    private static List<String> column(ApplicationContext context, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class))
                        .getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
