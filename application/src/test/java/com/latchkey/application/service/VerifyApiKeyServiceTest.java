package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.latchkey.application.port.in.VerifyApiKeyCommand;
import com.latchkey.application.port.in.VerifyApiKeyResult;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class VerifyApiKeyServiceTest {

    private static final EmailAddress OWNER = EmailAddress.of("jane@example.com");
    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final PlainApiKey key = format.mint(new Random(3)::nextInt);

    @Mock
    LoadApiKeyPort loadApiKey;

    @Mock
    SaveApiKeyPort saveApiKey;

    private ApiKey pending;

    @BeforeEach
    void deliveredKey() {
        KeyRequest request = KeyRequest.accept(RequestId.random(), OWNER, OwnerName.of("Jane"), Fixtures.NOW);
        pending = ApiKey.mint(
                        KeyId.random(),
                        request,
                        Fixtures.DIGEST.digestOf(key),
                        key.hint(),
                        Fixtures.NOW,
                        Duration.ofHours(24))
                .delivered();
    }

    private VerifyApiKeyService serviceAt(Clock clock) {
        return new VerifyApiKeyService(format, Fixtures.DIGEST, loadApiKey, saveApiKey, clock);
    }

    @Test
    void matchingEmailAndKeyActivateTheKey() {
        when(loadApiKey.loadByDigest(Fixtures.DIGEST.digestOf(key))).thenReturn(Optional.of(pending));

        VerifyApiKeyResult result =
                serviceAt(Fixtures.CLOCK).verify(new VerifyApiKeyCommand(OWNER, " " + key.reveal() + " "));

        assertThat(result).isEqualTo(new VerifyApiKeyResult.Verified(pending.id(), Fixtures.NOW));
        ArgumentCaptor<ApiKey> saved = ArgumentCaptor.forClass(ApiKey.class);
        verify(saveApiKey).save(saved.capture());
        assertThat(saved.getValue().status()).isEqualTo(KeyStatus.ACTIVE);
    }

    @Test
    void verifyingAnActiveKeyAgainSucceedsWithoutWriting() {
        ApiKey active = ((ApiKey.Verification.Verified) pending.verify(OWNER, Fixtures.NOW)).key();
        when(loadApiKey.loadByDigest(any())).thenReturn(Optional.of(active));

        VerifyApiKeyResult result = serviceAt(Clock.offset(Fixtures.CLOCK, Duration.ofDays(3)))
                .verify(new VerifyApiKeyCommand(OWNER, key.reveal()));

        assertThat(result).isEqualTo(new VerifyApiKeyResult.Verified(active.id(), Fixtures.NOW));
        verify(saveApiKey, never()).save(any());
    }

    @Test
    void anotherEmailIsInvalidCredentials() {
        when(loadApiKey.loadByDigest(any())).thenReturn(Optional.of(pending));

        VerifyApiKeyResult result = serviceAt(Fixtures.CLOCK)
                .verify(new VerifyApiKeyCommand(EmailAddress.of("mallory@example.com"), key.reveal()));

        assertThat(result).isInstanceOf(VerifyApiKeyResult.InvalidCredentials.class);
        verify(saveApiKey, never()).save(any());
    }

    @Test
    void noSuchKeyIsInvalidCredentials() {
        when(loadApiKey.loadByDigest(any())).thenReturn(Optional.empty());

        VerifyApiKeyResult result = serviceAt(Fixtures.CLOCK).verify(new VerifyApiKeyCommand(OWNER, key.reveal()));

        assertThat(result).isInstanceOf(VerifyApiKeyResult.InvalidCredentials.class);
    }

    @Test
    void malformedOrTamperedKeyIsRefusedWithoutALookup() {
        VerifyApiKeyService service = serviceAt(Fixtures.CLOCK);
        String tampered = key.reveal().substring(0, 10)
                + (key.reveal().charAt(10) == 'x' ? 'y' : 'x')
                + key.reveal().substring(11);

        assertThat(service.verify(new VerifyApiKeyCommand(OWNER, "not-a-key")))
                .isInstanceOf(VerifyApiKeyResult.InvalidCredentials.class);
        assertThat(service.verify(new VerifyApiKeyCommand(OWNER, tampered)))
                .isInstanceOf(VerifyApiKeyResult.InvalidCredentials.class);
        assertThat(service.verify(new VerifyApiKeyCommand(OWNER, null)))
                .isInstanceOf(VerifyApiKeyResult.InvalidCredentials.class);
        verifyNoInteractions(loadApiKey, saveApiKey);
    }

    @Test
    void keyPastItsWindowIsExpired() {
        when(loadApiKey.loadByDigest(any())).thenReturn(Optional.of(pending));

        VerifyApiKeyResult result = serviceAt(Clock.fixed(Fixtures.NOW.plus(Duration.ofHours(25)), ZoneOffset.UTC))
                .verify(new VerifyApiKeyCommand(OWNER, key.reveal()));

        assertThat(result).isInstanceOf(VerifyApiKeyResult.Expired.class);
        verify(saveApiKey, never()).save(any());
    }

    @Test
    void commandNeverPrintsTheKey() {
        assertThat(new VerifyApiKeyCommand(OWNER, key.reveal()).toString())
                .doesNotContain(key.reveal())
                .doesNotContain("jane@");
    }
}
