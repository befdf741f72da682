package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.KeyDigestPort;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The secrets of data at rest: the key digest and the protection of emails, both from the pepper. */
@Factory
class AtRestSecretsFactory {

    @Context
    Pepper pepper(
            @Nullable @Property(name = "latchkey.key.pepper") String pepper,
            @Property(name = "latchkey.data-dir", defaultValue = "./data") String dataDir,
            @Nullable @Property(name = "datasources.default.url") String databaseUrl) {
        return Pepper.resolve(pepper, Path.of(dataDir), databaseUrl);
    }

    @Singleton
    KeyDigestPort keyDigest(Pepper pepper) {
        return new HmacKeyDigestAdapter(pepper.bytes());
    }

    @Singleton
    EmailProtection emailProtection(Pepper pepper) {
        return new EmailProtection(pepper.bytes());
    }
}
