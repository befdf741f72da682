package com.latchkey.application.service;

import com.latchkey.application.port.in.VerifyApiKeyCommand;
import com.latchkey.application.port.in.VerifyApiKeyResult;
import com.latchkey.application.port.in.VerifyApiKeyUseCase;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKey.Verification;
import com.latchkey.domain.ApiKeyFormat;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the presented key's shape and checksum first (no lookup for a malformed key), then finds
 * it by digest and lets the key decide.
 */
public final class VerifyApiKeyService implements VerifyApiKeyUseCase {

    private static final System.Logger LOG = System.getLogger(VerifyApiKeyService.class.getName());

    private final ApiKeyFormat format;
    private final KeyDigestPort keyDigest;
    private final LoadApiKeyPort loadApiKey;
    private final SaveApiKeyPort saveApiKey;
    private final Clock clock;

    public VerifyApiKeyService(
            ApiKeyFormat format,
            KeyDigestPort keyDigest,
            LoadApiKeyPort loadApiKey,
            SaveApiKeyPort saveApiKey,
            Clock clock) {
        this.format = Objects.requireNonNull(format, "format");
        this.keyDigest = Objects.requireNonNull(keyDigest, "keyDigest");
        this.loadApiKey = Objects.requireNonNull(loadApiKey, "loadApiKey");
        this.saveApiKey = Objects.requireNonNull(saveApiKey, "saveApiKey");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public VerifyApiKeyResult verify(VerifyApiKeyCommand command) {
        Optional<ApiKey> stored =
                format.parse(command.presentedKey()).map(keyDigest::digestOf).flatMap(loadApiKey::loadByDigest);
        if (stored.isEmpty()) {
            return refused(command, "no such key");
        }
        Verification verification = stored.get().verify(command.email(), clock.instant());
        if (verification instanceof Verification.Verified verified) {
            ApiKey key = verified.key();
            if (verified.changed()) {
                saveApiKey.save(key);
                LOG.log(
                        Level.INFO,
                        "key verified: key={0} email={1}",
                        key.id(),
                        key.email().masked());
            }
            return new VerifyApiKeyResult.Verified(key.id(), key.verifiedAt().orElseThrow());
        }
        Verification.Reason reason = ((Verification.Rejected) verification).reason();
        return switch (reason) {
            case INVALID_CREDENTIALS -> refused(command, "key and email do not match");
            case EXPIRED -> new VerifyApiKeyResult.Expired();
            case REVOKED -> new VerifyApiKeyResult.Revoked();
        };
    }

    private static VerifyApiKeyResult refused(VerifyApiKeyCommand command, String why) {
        LOG.log(
                Level.INFO,
                "key verification failed: email={0} reason={1}",
                command.email().masked(),
                why);
        return new VerifyApiKeyResult.InvalidCredentials();
    }
}
