package com.latchkey.adapters.secrets;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys of those who may report leaked keys, by identifier: read from the file that
 * {@code LATCHKEY_LEAK_REPORTER_KEYS} names, in the shape GitHub publishes them at {@value
 * #GITHUB_KEYS}, so an operator can use GitHub's file as it is.
 *
 * <p>The file is read once, at start, and a file that cannot be used stops the start: otherwise
 * every report would be refused and no one would hear of it. It is not watched; a restart picks up
 * a new file. Every listed key verifies, {@code "is_current"} or not, so reports signed with a key
 * GitHub is rotating away from still count.
 */
final class LeakReporterKeys {

    /** The setting that names the file: {@code LATCHKEY_LEAK_REPORTER_KEYS}. */
    static final String SETTING = "latchkey.leak-reporter-keys";

    static final String GITHUB_KEYS = "https://api.github.com/meta/public_keys/secret_scanning";

    private static final Logger LOG = LoggerFactory.getLogger(LeakReporterKeys.class);
    private static final String VARIABLE = "LATCHKEY_LEAK_REPORTER_KEYS";
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    private final Map<String, PublicKey> byIdentifier;

    private LeakReporterKeys(Map<String, PublicKey> byIdentifier) {
        this.byIdentifier = Map.copyOf(byIdentifier);
    }

    /**
     * The keys in the file {@code configured} names, or none when it is unset (every leak report is
     * then refused, which is said once in the log).
     *
     * @throws ConfigurationException naming {@code LATCHKEY_LEAK_REPORTER_KEYS}, when the file is
     *     missing, unreadable, not JSON, holds no keys, or holds one that is not an EC P-256 key
     */
    static LeakReporterKeys read(@Nullable String configured, JsonMapper json) {
        if (configured == null || configured.isBlank()) {
            LOG.info(
                    "leak reports are refused until {} names the reporters' public keys (GitHub's are at {})",
                    VARIABLE,
                    GITHUB_KEYS);
            return new LeakReporterKeys(Map.of());
        }
        Path file = Path.of(configured);
        LeakReporterKeys keys = new LeakReporterKeys(parse(file, json));
        LOG.info("leak reports are checked against {} reporter key(s) from {}", keys.byIdentifier.size(), file);
        return keys;
    }

    /** The key with exactly this identifier, or {@code null} when no reporter has it. */
    @Nullable
    PublicKey find(String identifier) {
        return byIdentifier.get(identifier);
    }

    @Override
    public String toString() {
        return "LeakReporterKeys" + byIdentifier.keySet();
    }

    private static Map<String, PublicKey> parse(Path file, JsonMapper json) {
        PublishedKeys published = publishedKeys(file, json);
        if (published.publicKeys() == null || published.publicKeys().isEmpty()) {
            throw refused(file, "holds no keys (its \"public_keys\" is missing or empty)");
        }
        Map<String, PublicKey> byIdentifier = new LinkedHashMap<>();
        for (PublishedKey entry : published.publicKeys()) {
            if (entry == null
                    || entry.keyIdentifier() == null
                    || entry.keyIdentifier().isBlank()) {
                throw refused(file, "holds a key without a \"key_identifier\"");
            }
            String identifier = entry.keyIdentifier();
            if (byIdentifier.containsKey(identifier)) {
                throw refused(file, "holds the key_identifier " + identifier + " twice");
            }
            byIdentifier.put(identifier, p256(file, identifier, entry.key()));
        }
        return byIdentifier;
    }

    private static PublishedKeys publishedKeys(Path file, JsonMapper json) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException missing) {
            throw refused(file, "does not exist");
        } catch (IOException unreadable) {
            throw refused(file, "cannot be read (" + firstLine(unreadable) + ")");
        }
        PublishedKeys published;
        try {
            published = json.readValue(content, Argument.of(PublishedKeys.class));
        } catch (IOException | RuntimeException notJson) {
            // The mapper reports bad syntax and mistyped members as I/O errors; anything else it
            // throws on odd input is still a file that cannot be used, and is said as such.
            throw refused(file, "is not JSON of the shape {\"public_keys\": [...]} (" + firstLine(notJson) + ")");
        }
        if (published == null) {
            throw refused(file, "is not JSON of the shape {\"public_keys\": [...]} (it is null)");
        }
        return published;
    }

    private static PublicKey p256(Path file, String identifier, @Nullable String pem) {
        String what = "the key " + identifier;
        String text = pem == null ? "" : pem.strip();
        if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
            throw refused(file, "holds " + what + ", which is not a PEM public key (" + PEM_BEGIN + ")");
        }
        String base64 = text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length());
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC")
                    .generatePublic(
                            new X509EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
        } catch (IllegalArgumentException | InvalidKeySpecException notEc) {
            // an RSA key, an Ed25519 key, or bytes that are no key at all
            throw refused(file, "holds " + what + ", which is not an EC P-256 public key");
        } catch (GeneralSecurityException noEc) {
            throw new IllegalStateException("this Java runtime cannot read EC keys", noEc);
        }
        if (!(key instanceof ECPublicKey ec) || !onP256(ec.getParams())) {
            throw refused(file, "holds " + what + ", which is an EC key on another curve than P-256 (secp256r1)");
        }
        return key;
    }

    /** Compared part by part: ECParameterSpec has no equals of its own. */
    private static boolean onP256(ECParameterSpec params) {
        ECParameterSpec p256;
        try {
            AlgorithmParameters named = AlgorithmParameters.getInstance("EC");
            named.init(new ECGenParameterSpec("secp256r1"));
            p256 = named.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException noP256) {
            throw new IllegalStateException("this Java runtime does not know the curve P-256", noP256);
        }
        return params.getCurve().equals(p256.getCurve())
                && params.getGenerator().equals(p256.getGenerator())
                && params.getOrder().equals(p256.getOrder())
                && params.getCofactor() == p256.getCofactor();
    }

    private static ConfigurationException refused(Path file, String problem) {
        return new ConfigurationException(VARIABLE + ": the file " + file + " " + problem
                + "; it must hold the reporters' public keys in the shape of " + GITHUB_KEYS);
    }

    /** Start-up errors are one line for the operator; parser messages carry a second with the source. */
    private static String firstLine(Exception problem) {
        String message = problem.getMessage() == null ? problem.getClass().getSimpleName() : problem.getMessage();
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** GitHub's file as published; members it has or may add beside these are ignored. */
    @Serdeable
    record PublishedKeys(
            @JsonProperty("public_keys") @Nullable List<PublishedKey> publicKeys) {}

    /** One key of GitHub's file ({@code is_current} is left out on purpose: a retired key still verifies). */
    @Serdeable
    record PublishedKey(
            @JsonProperty("key_identifier") @Nullable String keyIdentifier,
            @JsonProperty("key") @Nullable String key) {}
}
