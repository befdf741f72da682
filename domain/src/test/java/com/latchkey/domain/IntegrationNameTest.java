package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntegrationNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"Acme CRM", "Tom & Jerry's <CRM>", "Bird Newsletters 2.0", "Café Orders"})
    void aPlainNameIsKept(String name) {
        assertThat(new IntegrationName("  " + name + " ").value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://evil.example",
                "evil.example/reset",
                "security@easycommerce.example",
                "Support: call now",
                "C:\\\\evil",
                "line\nbreak"
            })
    void aNameThatCouldSendAReaderSomewhereIsRefused(String name) {
        assertThatThrownBy(() -> new IntegrationName(name)).isInstanceOf(IllegalArgumentException.class);
    }
}
