package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyFormatTest {

    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final Random random = new Random(7);

    @Test
    void mintedKeyHasPrefixRandomPartAndChecksum() {
        PlainApiKey key = format.mint(random::nextInt);

        assertThat(key.reveal()).hasSize(4 + 32 + 6).startsWith("eck_").matches("eck_[0-9A-Za-z]{38}");
        String randomPart = key.reveal().substring(4, 36);
        assertThat(key.reveal()).endsWith(ApiKeyFormat.checksumOf(randomPart));
        assertThat(key.hint().value()).isEqualTo("eck_" + randomPart.substring(0, 4));
    }

    @Test
    void mintedKeyParsesBack() {
        PlainApiKey key = format.mint(new SecureRandom()::nextInt);

        assertThat(format.parse(key.reveal())).contains(key);
    }

    @Test
    void mintingDrawsEveryCharacterFromTheRandomSource() {
        Set<String> keys = new HashSet<>();
        SecureRandom secure = new SecureRandom();
        for (int i = 0; i < 1000; i++) {
            keys.add(format.mint(secure::nextInt).reveal());
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void tamperedCharacterBreaksTheChecksum() {
        String key = format.mint(random::nextInt).reveal();
        char[] chars = key.toCharArray();
        chars[10] = chars[10] == 'a' ? 'b' : 'a';

        assertThat(format.parse(new String(chars))).isEmpty();
    }

    @Test
    void tamperedChecksumIsRejected() {
        String key = format.mint(random::nextInt).reveal();
        String wrongChecksum = key.substring(0, key.length() - 1) + (key.endsWith("0") ? "1" : "0");

        assertThat(format.parse(wrongChecksum)).isEmpty();
    }

    @Test
    void wrongLengthIsRejected() {
        String key = format.mint(random::nextInt).reveal();

        assertThat(format.parse(key.substring(0, key.length() - 1))).isEmpty();
        assertThat(format.parse(key + "0")).isEmpty();
        assertThat(format.parse("")).isEmpty();
        assertThat(format.parse(null)).isEmpty();
    }

    @Test
    void wrongPrefixIsRejectedEvenWithAValidChecksum() {
        String key = format.mint(random::nextInt).reveal();

        assertThat(format.parse("abc_" + key.substring(4))).isEmpty();
        assertThat(ApiKeyFormat.withPrefix("abc_").parse(key)).isEmpty();
    }

    @Test
    void nonBase62CharactersAreRejected() {
        String key = format.mint(random::nextInt).reveal();

        assertThat(format.parse(key.substring(0, 8) + "-" + key.substring(9))).isEmpty();
        assertThat(format.parse(key.substring(0, 8) + "é" + key.substring(9))).isEmpty();
    }

    @Test
    void maskHidesTheKey() {
        PlainApiKey key = format.mint(random::nextInt);

        assertThat(key.toString()).doesNotContain(key.reveal().substring(8));
        assertThat(key.toString()).startsWith(key.hint().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "eck", "ECK_", "_", "1ab_", "eck-", "averyveryverylongprefix_"})
    void badPrefixesAreRefused(String prefix) {
        assertThatThrownBy(() -> ApiKeyFormat.withPrefix(prefix)).isInstanceOf(IllegalArgumentException.class);
    }
}
