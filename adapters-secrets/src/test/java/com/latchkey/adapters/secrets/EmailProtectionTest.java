package com.latchkey.adapters.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.OwnerName;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EmailProtectionTest {

    private final EmailProtection protection =
            new EmailProtection("a-pepper-of-at-least-thirty-two-chars".getBytes(StandardCharsets.UTF_8));
    private final EmailAddress jane = EmailAddress.of("jane.doe@shop.example");

    @Test
    void sealedEmailOpensBackButDoesNotShowIt() {
        String sealed = protection.seal(jane);

        assertThat(sealed).doesNotContain("jane").doesNotContain("shop.example");
        assertThat(protection.open(sealed)).isEqualTo(jane);
    }

    @Test
    void sealingTheSameEmailTwiceGivesDifferentText() {
        assertThat(protection.seal(jane)).isNotEqualTo(protection.seal(jane));
    }

    @Test
    void indexIsStablePerNormalizedEmailAndDistinctAcrossEmails() {
        assertThat(protection.index(jane)).isEqualTo(protection.index(EmailAddress.of(" jane.doe@SHOP.example ")));
        assertThat(protection.index(jane)).isNotEqualTo(protection.index(EmailAddress.of("joe@shop.example")));
        assertThat(protection.index(jane)).hasSize(64).doesNotContain("jane");
    }

    @Test
    void anotherPepperNeitherOpensNorFinds() {
        EmailProtection other =
                new EmailProtection("another-pepper-of-thirty-two-characters".getBytes(StandardCharsets.UTF_8));

        assertThat(other.index(jane)).isNotEqualTo(protection.index(jane));
        assertThatThrownBy(() -> other.open(protection.seal(jane))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tamperedSealIsRefused() {
        byte[] sealed = Base64.getDecoder().decode(protection.seal(jane));
        sealed[sealed.length - 1] ^= 1;

        assertThatThrownBy(() -> protection.open(
                        protection.currentSecret() + ":" + Base64.getEncoder().encodeToString(sealed)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> protection.open(Base64.getEncoder().encodeToString(sealed)))
                .isInstanceOf(IllegalStateException.class);
    }

    private static final byte[] OLD = "the-pepper-being-rotated-out-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "the-pepper-rotated-in-now-abcdefghijklm".getBytes(StandardCharsets.UTF_8);

    @Test
    void duringARotationOldSealsOpenNewOnesUseTheNewestPepperAndAnOwnerIsFoundUnderEither() {
        EmailProtection before = new EmailProtection(OLD);
        EmailProtection during = new EmailProtection(java.util.List.of(NEW, OLD));
        String oldSeal = before.seal(jane);

        assertThat(during.open(oldSeal)).isEqualTo(jane);
        assertThat(during.secretOf(oldSeal)).isEqualTo(before.currentSecret()).isNotEqualTo(during.currentSecret());
        String newSeal = during.seal(jane);
        assertThat(newSeal).startsWith(during.currentSecret() + ":");
        assertThat(during.secretOf(newSeal)).isEqualTo(during.currentSecret());
        assertThat(during.indexes(jane)).containsExactly(during.index(jane), before.index(jane));
        assertThatThrownBy(() -> before.open(newSeal))
                .as("a seal under the new pepper needs it")
                .isInstanceOf(IllegalStateException.class);
        assertThat(new EmailProtection(NEW).open(newSeal))
                .as("and nothing else")
                .isEqualTo(jane);
    }

    @Test
    void withOnePepperASealIsWrittenAsAnEarlierReleaseReadsItAndDuringARotationItOpensUnderItsPepper() {
        String unnamed = new EmailProtection(OLD).seal(jane);
        assertThat(unnamed).doesNotContain(":");
        EmailProtection during = new EmailProtection(java.util.List.of(NEW, OLD));

        assertThat(during.open(unnamed)).isEqualTo(jane);
        assertThat(during.secretOf(unnamed)).isEqualTo(new EmailProtection(OLD).currentSecret());
        assertThatThrownBy(() -> new EmailProtection(NEW).open(unnamed)).isInstanceOf(IllegalStateException.class);
    }

    private final OwnerName name = OwnerName.of("Jane Q. Shopkeeper");

    @Test
    void aSealedNameOpensBackButDoesNotShowItAndNamesItsPepper() {
        String sealed = protection.sealName(name);

        assertThat(sealed)
                .startsWith(protection.currentSecret() + ":")
                .doesNotContain("Jane")
                .doesNotContain("Shopkeeper");
        assertThat(new String(
                        Base64.getDecoder().decode(sealed.substring(sealed.indexOf(':') + 1)),
                        StandardCharsets.ISO_8859_1))
                .as("nor do its bytes")
                .doesNotContain("Jane");
        assertThat(protection.openName(sealed)).isEqualTo(name);
        assertThat(protection.secretOf(sealed)).isEqualTo(protection.currentSecret());
    }

    @Test
    void sealingTheSameNameTwiceGivesDifferentText() {
        assertThat(protection.sealName(name)).isNotEqualTo(protection.sealName(name));
    }

    @Test
    void theLongestNameInAnyScriptSealsWithinItsColumn() {
        OwnerName longest = OwnerName.of("\uD83D\uDE00".repeat(OwnerName.MAX_LENGTH));

        String sealed = protection.sealName(longest);

        assertThat(protection.openName(sealed)).isEqualTo(longest);
        // 9 characters of pepper id, then base64 of 12 + 4 * 100 + 16 bytes; with its mark, under VARCHAR(600)
        assertThat(sealed).hasSize(9 + 572);
    }

    @Test
    void aTamperedNameIsRefused() {
        String sealed = protection.sealName(name);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(sealed.indexOf(':') + 1));
        bytes[bytes.length - 1] ^= 1;

        assertThatThrownBy(() -> protection.openName(
                        protection.currentSecret() + ":" + Base64.getEncoder().encodeToString(bytes)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSealedEmailNeverOpensAsANameNorANameAsAnEmail() {
        EmailProtection rotating = new EmailProtection(java.util.List.of(NEW, OLD));

        assertThatThrownBy(() -> rotating.openName(rotating.seal(jane))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rotating.open(rotating.sealName(name))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void duringARotationOldNamesOpenUnderEitherAndNewOnesAreSealedUnderTheNewestPepper() {
        EmailProtection before = new EmailProtection(OLD);
        EmailProtection during = new EmailProtection(java.util.List.of(NEW, OLD));
        String oldSeal = before.sealName(name);

        assertThat(before.openName(oldSeal)).isEqualTo(name);
        assertThat(during.openName(oldSeal)).isEqualTo(name);
        assertThat(during.secretOf(oldSeal)).isEqualTo(before.currentSecret()).isNotEqualTo(during.currentSecret());
        String newSeal = during.sealName(name);
        assertThat(newSeal).startsWith(during.currentSecret() + ":");
        assertThat(during.secretOf(newSeal)).isEqualTo(during.currentSecret());
        assertThat(new EmailProtection(NEW).openName(newSeal)).isEqualTo(name);
        assertThatThrownBy(() -> before.openName(newSeal))
                .as("a name sealed under the new pepper needs it")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new EmailProtection(NEW).openName(oldSeal))
                .as("and one under the old pepper needs that one")
                .isInstanceOf(IllegalStateException.class);
    }
}
