package com.latchkey.adapters.secrets;

import com.latchkey.application.port.out.CheckLeakReportSignaturePort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * {@code LATCHKEY_ADAPTERS_SECRETS=local}: the key digest and the sealing of personal data, all
 * keyed by the pepper ({@code LATCHKEY_KEY_PEPPER}, or a file made once in the data folder), and the
 * check of leak reports' signatures against the reporters' keys ({@code LATCHKEY_LEAK_REPORTER_KEYS}).
 */
@Factory
@Requires(property = LocalSecretsFactory.SECRETS, value = "local")
class LocalSecretsFactory {

    /** The setting that names the secrets adapter: {@code LATCHKEY_ADAPTERS_SECRETS}. */
    static final String SECRETS = "latchkey.adapters.secrets";

    /** {@code LATCHKEY_KEY_PEPPERS} (newest first, for a rotation) or the single {@code LATCHKEY_KEY_PEPPER}. */
    @Context
    Peppers peppers(
            @Nullable @Property(name = "latchkey.key.peppers") String peppers,
            @Nullable @Property(name = "latchkey.key.pepper") String pepper,
            @Property(name = "latchkey.data-dir", defaultValue = "./data") String dataDir,
            @Nullable @Property(name = "datasources.default.url") String databaseUrl,
            @Nullable @Property(name = "latchkey.adapters.limits") String limitsAdapter) {
        return new Peppers(Pepper.resolveAll(peppers, pepper, Path.of(dataDir), databaseUrl, limitsAdapter));
    }

    @Singleton
    KeyDigestPort keyDigest(Peppers peppers) {
        return new HmacKeyDigestAdapter(peppers.bytes());
    }

    @Singleton
    SealPersonalDataPort personalData(Peppers peppers) {
        return new EmailProtection(peppers.bytes());
    }

    /** Read at start, so that a keys file that cannot be used stops the start rather than a report. */
    @Context
    LeakReporterKeys leakReporterKeys(
            @Nullable @Property(name = LeakReporterKeys.SETTING) String keysFile, JsonMapper json) {
        return LeakReporterKeys.read(keysFile, json);
    }

    @Singleton
    CheckLeakReportSignaturePort leakReportSignatures(LeakReporterKeys reporters) {
        return new EcdsaLeakReportSignatures(reporters);
    }
}
