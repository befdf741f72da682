package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.SealPersonalDataPort;
import io.micronaut.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Hands Flyway the migrations written in Java (three need the pepper's keys, which SQL cannot
 * have; one applies to PostgreSQL only), beside the SQL ones it finds in {@code db/migration}.
 */
@Singleton
@Named("default")
class JavaMigrations implements FlywayConfigurationCustomizer {

    private final SealPersonalDataPort emails;

    JavaMigrations(SealPersonalDataPort emails) {
        this.emails = emails;
    }

    @Override
    public void customizeFluentConfiguration(FluentConfiguration configuration) {
        configuration.javaMigrations(
                new FoldOwnerIdentityMigration(emails),
                new NotifyKeyChangesMigration(),
                new AssignStoreIdsMigration(emails),
                new SealPersonalDataMigration(emails));
    }

    @Override
    public String getName() {
        return "default";
    }
}
