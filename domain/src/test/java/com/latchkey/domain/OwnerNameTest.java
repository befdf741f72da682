package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OwnerNameTest {

    @Test
    void trimsAndKeepsUnicodeLetters() {
        assertThat(OwnerName.of("  Zoë's Café 東京 ").value()).isEqualTo("Zoë's Café 東京");
    }

    @Test
    void acceptsExactlyTheLimit() {
        assertThat(OwnerName.of("x".repeat(100)).value()).hasSize(100);
        assertThatThrownBy(() -> OwnerName.of("x".repeat(101))).hasMessageContaining("100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "line\nbreak", "tab\there", "bidi\u202eevil", "zero\u200bwidth", "nul\u0000"})
    void rejectsBlankAndUnprintable(String raw) {
        assertThatThrownBy(() -> OwnerName.of(raw)).isInstanceOf(IllegalArgumentException.class);
    }
}
