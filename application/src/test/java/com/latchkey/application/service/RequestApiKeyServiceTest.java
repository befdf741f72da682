package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;

import com.latchkey.application.port.in.RequestApiKeyCommand;
import com.latchkey.application.port.in.RequestApiKeyResult;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.RequestStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Captor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class RequestApiKeyServiceTest {

    @Mock
    SaveKeyRequestPort saveKeyRequest;

    @Captor
    ArgumentCaptor<KeyRequest> saved;

    @Test
    void storesAPendingRequestDueAtOnceAndAnswersItsId() {
        RequestApiKeyService service = new RequestApiKeyService(saveKeyRequest, Fixtures.CLOCK);

        RequestApiKeyResult result =
                service.request(new RequestApiKeyCommand(OwnerName.of("Jane"), EmailAddress.of("jane@Example.com")));

        verify(saveKeyRequest).save(saved.capture());
        KeyRequest request = saved.getValue();
        assertThat(result).isEqualTo(new RequestApiKeyResult.Accepted(request.id()));
        assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(request.email().value()).isEqualTo("jane@example.com");
        assertThat(request.ownerName().value()).isEqualTo("Jane");
        assertThat(request.isDueAt(Fixtures.NOW)).isTrue();
    }

    @Test
    void everyRequestGetsItsOwnId() {
        RequestApiKeyService service = new RequestApiKeyService(saveKeyRequest, Fixtures.CLOCK);
        RequestApiKeyCommand command =
                new RequestApiKeyCommand(OwnerName.of("Jane"), EmailAddress.of("jane@example.com"));

        assertThat(service.request(command)).isNotEqualTo(service.request(command));
    }
}
