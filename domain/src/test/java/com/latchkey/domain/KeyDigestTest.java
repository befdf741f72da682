package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyDigestTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
            })
    void sixtyFourLowerCaseHexCharactersAreADigest(String hex) {
        assertThat(new KeyDigest(hex).hex()).isEqualTo(hex);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
                "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
                "0123456789abcdeg0123456789abcdef0123456789abcdef0123456789abcdef",
                "0123456789abcde/0123456789abcdef0123456789abcdef0123456789abcdef",
                "0123456789abcde:0123456789abcdef0123456789abcdef0123456789abcdef",
                "0123456789abcde`0123456789abcdef0123456789abcdef0123456789abcdef",
                "0123456789abcde 0123456789abcdef0123456789abcdef0123456789abcdef"
            })
    void anythingElseIsRefused(String hex) {
        assertThatThrownBy(() -> new KeyDigest(hex)).isInstanceOf(IllegalArgumentException.class);
    }
}
