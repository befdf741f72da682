package com.latchkey.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The shape of a key: {@code <prefix><32 base62 random><6 base62 CRC32 of the random part>}.
 * A key whose shape or checksum is wrong is rejected here, before any lookup.
 */
public final class ApiKeyFormat {

    public static final int RANDOM_LENGTH = 32;
    public static final int CHECKSUM_LENGTH = 6;
    private static final int HINT_LENGTH = 4;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,14}_");

    private final String prefix;

    private ApiKeyFormat(String prefix) {
        this.prefix = prefix;
    }

    /** A format for keys starting with {@code prefix}: a lower-case letter, up to 14 letters or digits, then {@code _}. */
    public static ApiKeyFormat withPrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "a key prefix is a lower-case letter, up to 14 lower-case letters or digits, then '_' (like eck_)");
        }
        return new ApiKeyFormat(prefix);
    }

    public String prefix() {
        return prefix;
    }

    public int length() {
        return prefix.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;
    }

    /**
     * Mints a new key. {@code randomIndex} answers a uniformly random index below its argument; in
     * production it is backed by {@link java.security.SecureRandom}.
     */
    public PlainApiKey mint(IntUnaryOperator randomIndex) {
        StringBuilder random = new StringBuilder(RANDOM_LENGTH);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            random.append(BASE62.charAt(randomIndex.applyAsInt(BASE62.length())));
        }
        return assemble(random.toString());
    }

    /** Reads a presented key; empty when its prefix, length, alphabet or checksum is wrong. */
    public Optional<PlainApiKey> parse(String presented) {
        if (presented == null || presented.length() != length() || !presented.startsWith(prefix)) {
            return Optional.empty();
        }
        String random = presented.substring(prefix.length(), prefix.length() + RANDOM_LENGTH);
        String checksum = presented.substring(prefix.length() + RANDOM_LENGTH);
        if (!isBase62(random) || !isBase62(checksum) || !checksum.equals(checksumOf(random))) {
            return Optional.empty();
        }
        return Optional.of(new PlainApiKey(presented, hintOf(random)));
    }

    private PlainApiKey assemble(String random) {
        return new PlainApiKey(prefix + random + checksumOf(random), hintOf(random));
    }

    private KeyHint hintOf(String random) {
        return new KeyHint(prefix + random.substring(0, HINT_LENGTH));
    }

    static String checksumOf(String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % BASE62.length()));
            value /= BASE62.length();
        }
        return new String(digits);
    }

    private static boolean isBase62(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (BASE62.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
