package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.KeyDigestPort;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.file.Path;

@Factory
class KeyDigestFactory {

    @Singleton
    KeyDigestPort keyDigest(
            @Nullable @Property(name = "latchkey.key.pepper") String pepper,
            @Property(name = "latchkey.data-dir", defaultValue = "./data") String dataDir) {
        return new HmacKeyDigestAdapter(Pepper.resolve(pepper, Path.of(dataDir)));
    }
}
