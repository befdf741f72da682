package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.RequestId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The backlog of key mails as operators see it: how many requests wait, and how long the oldest has. */
class PendingRequestsGaugeTest {

    @Test
    void countsTheRequestsStillWaitingForTheirMailAndTheAgeOfTheOldest() throws Exception {
        try (ApplicationContext context = ApplicationContext.builder()
                .environments("test")
                .properties(Map.of(
                        "datasources.default.url",
                        "jdbc:h2:mem:pending-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "latchkey.key.pepper",
                        "a-pepper-for-the-pending-gauge-test-0123456789"))
                .start()) {
            PendingRequestsGauge gauge = context.getBean(PendingRequestsGauge.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            gauge.refresh();
            assertThat(meters.get("latchkey.key.requests.pending").gauge().value())
                    .isZero();
            assertThat(meters.get("latchkey.key.requests.oldest.pending")
                            .gauge()
                            .value())
                    .isZero();

            SaveKeyRequestPort requests = context.getBean(SaveKeyRequestPort.class);
            Instant now = Instant.now();
            requests.insert(request("oldest", now.minus(Duration.ofMinutes(20))));
            requests.insert(request("newer", now.minus(Duration.ofMinutes(1))));
            KeyRequest sent = request("sent", now.minus(Duration.ofHours(2)));
            requests.insert(sent);
            assertThat(requests.compareAndSet(sent, sent.delivered(now))).isTrue();
            gauge.refresh();

            assertThat(meters.get("latchkey.key.requests.pending").gauge().value())
                    .as("the sent request no longer waits")
                    .isEqualTo(2.0);
            assertThat(meters.get("latchkey.key.requests.oldest.pending")
                            .gauge()
                            .value())
                    .as("the oldest waiting, twenty minutes ago, not the sent one of two hours ago")
                    .isBetween(20 * 60.0, 21 * 60.0);
        }
    }

    private static KeyRequest request(String who, Instant at) {
        return KeyRequest.accept(
                RequestId.random(), EmailAddress.of(who + "@pending.example"), OwnerName.of("Owner " + who), at);
    }
}
