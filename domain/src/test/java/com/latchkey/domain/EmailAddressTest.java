package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void trimsAndLowerCasesTheDomainOnly() {
        EmailAddress email = EmailAddress.of("  Owner.Name@Shop.EXAMPLE.com \t");

        assertThat(email.value()).isEqualTo("Owner.Name@shop.example.com");
    }

    @Test
    void oneOwnerWhateverTheCaseOfEitherPart() {
        EmailAddress typed = EmailAddress.of(" Victim@X.example ");

        assertThat(typed)
                .isEqualTo(EmailAddress.of("victim@x.EXAMPLE"))
                .hasSameHashCodeAs(EmailAddress.of("VICTIM@x.example"));
        assertThat(typed.owner()).isEqualTo("victim@x.example");
        assertThat(typed.value()).as("the mail goes to the address as typed").isEqualTo("Victim@x.example");
        assertThat(typed.masked()).isEqualTo("v***@x.example");
        assertThat(EmailAddress.of("Owner@example.com")).isNotEqualTo(EmailAddress.of("other@example.com"));
    }

    @Test
    void masksTheLocalPart() {
        EmailAddress email = EmailAddress.of("jane.doe@example.com");

        assertThat(email.masked()).isEqualTo("j***@example.com");
        assertThat(email.toString()).isEqualTo("j***@example.com").doesNotContain("jane.doe");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "plain",
                "@example.com",
                "owner@",
                "owner@example",
                "owner@@example.com",
                "own er@example.com",
                "owner@exa mple.com",
                ".owner@example.com",
                "ow..ner@example.com",
                "owner@-example.com",
                "owner@example.c0m1-",
                "owner\u0000@example.com",
                "owner@example.com\u202e",
                "ówner@example.com",
                "' OR 1=1 --@example.com",
                "<script>@example.com"
            })
    void rejectsWhatIsNotAnAddress(String raw) {
        assertThatThrownBy(() -> EmailAddress.of(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> EmailAddress.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOverlongAddresses() {
        String local = "a".repeat(65);
        assertThatThrownBy(() -> EmailAddress.of(local + "@example.com")).isInstanceOf(IllegalArgumentException.class);
        String domain = "d".repeat(60) + "." + "e".repeat(60) + "." + "f".repeat(60) + "." + "g".repeat(60) + "."
                + "h".repeat(10) + ".com";
        assertThatThrownBy(() -> EmailAddress.of("a@" + domain)).hasMessageContaining("254");
    }
}
