package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.in.KeyRequestStatusResult;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.RequestStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GetKeyRequestStatusServiceTest {

    private final KeyRequest sent = KeyRequest.accept(
                    RequestId.random(), EmailAddress.of("jane@example.com"), OwnerName.of("Jane"), Fixtures.NOW)
            .delivered(Fixtures.NOW.plusSeconds(3));
    private final GetKeyRequestStatusService service = new GetKeyRequestStatusService(new LoadKeyRequestPort() {
        @Override
        public Optional<KeyRequest> load(RequestId id) {
            return Optional.ofNullable(Map.of(sent.id(), sent).get(id));
        }

        @Override
        public List<KeyRequest> requestsOf(EmailAddress owner) {
            return List.of(sent);
        }
    });

    @Test
    void tellsStatusAttemptsAndLastChange() {
        assertThat(service.status(sent.id()))
                .isEqualTo(new KeyRequestStatusResult.Found(
                        sent.id(), RequestStatus.SENT, 1, Fixtures.NOW.plusSeconds(3)));
    }

    @Test
    void unknownRequestIsNotFound() {
        assertThat(service.status(RequestId.random())).isInstanceOf(KeyRequestStatusResult.NotFound.class);
    }
}
