package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.application.port.StorageUnavailableException;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Floods of rate-limit refusals reach the audit trail as one event and one count per minute. */
class CoalescingAuditTrailTest {

    private static final String LIMIT = "key request: request-client:10/PT1H";
    private static final Pattern COUNT = Pattern.compile("\\((?:\\+)?(\\d+)(?: more in PT1M)?\\)$");

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {

        private Instant now = Instant.parse("2025-03-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final HandClock clock = new HandClock();
    private final List<SecurityEvent> written = new ArrayList<>();
    private final CoalescingAuditTrail trail = new CoalescingAuditTrail(written::add, clock, 100);

    private SecurityEvent refused(String email, String client) {
        return SecurityEvent.of(
                SecurityEvent.Type.RATE_LIMITED,
                clock.instant(),
                EmailAddress.of(email),
                new ClientAddress(client),
                LIMIT);
    }

    private static long refusalsIn(SecurityEvent event) {
        Matcher counted = COUNT.matcher(event.detail());
        assertThat(counted.find()).as("a count ends " + event.detail()).isTrue();
        return Long.parseLong(counted.group(1));
    }

    @Test
    void aFloodWithinAMinuteIsWrittenAsTheFirstAtOnceAndOneCountWhenTheMinuteEnds() {
        for (int i = 0; i < 1_400; i++) {
            trail.record(refused("jane@shop.example", "203.0.113.7"));
            clock.advance(Duration.ofMillis(40));
        }

        assertThat(written)
                .singleElement()
                .satisfies(first -> assertThat(first.detail()).isEqualTo(LIMIT + " (1)"));

        clock.advance(Duration.ofSeconds(3)); // 56 s + 3 s: the minute has not ended
        trail.flushEnded();
        assertThat(written).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        trail.flushEnded();
        assertThat(written).hasSize(2);
        assertThat(written.get(1).detail()).isEqualTo(LIMIT + " (+1399 more in PT1M)");
        assertThat(written.get(1).maskedEmail()).isEqualTo(written.get(0).maskedEmail());
        assertThat(written.get(1).clientAddress()).isEqualTo(new ClientAddress("203.0.113.7"));
        assertThat(written.stream()
                        .mapToLong(CoalescingAuditTrailTest::refusalsIn)
                        .sum())
                .isEqualTo(1_400);

        trail.flushEnded();
        assertThat(written).as("a count is written once").hasSize(2);
    }

    @Test
    void differentSubjectsAndLimitsAreNeverMerged() {
        for (int i = 0; i < 10; i++) {
            trail.record(refused("jane@shop.example", "203.0.113.7"));
            trail.record(refused("jane@shop.example", "198.51.100.9"));
            trail.record(refused("zed@other.example", "203.0.113.7"));
            trail.record(SecurityEvent.of(
                    SecurityEvent.Type.RATE_LIMITED,
                    clock.instant(),
                    EmailAddress.of("jane@shop.example"),
                    new ClientAddress("203.0.113.7"),
                    "key request: request-email:3/PT1H"));
        }

        assertThat(written)
                .hasSize(4)
                .allSatisfy(event -> assertThat(event.detail()).endsWith(" (1)"));
        trail.close();
        assertThat(written).hasSize(8);
        assertThat(written.subList(4, 8))
                .allSatisfy(event -> assertThat(event.detail()).endsWith(" (+9 more in PT1M)"));
    }

    @Test
    void otherEventsAreWrittenAtOnceEvenInAFlood() {
        trail.record(refused("jane@shop.example", "203.0.113.7"));
        trail.record(refused("jane@shop.example", "203.0.113.7"));

        SecurityEvent failed = SecurityEvent.of(
                SecurityEvent.Type.VERIFY_FAILED,
                clock.instant(),
                EmailAddress.of("jane@shop.example"),
                new ClientAddress("203.0.113.7"),
                LIMIT);
        trail.record(failed);
        trail.record(failed);

        assertThat(written).hasSize(3);
        assertThat(written.subList(1, 3)).containsExactly(failed, failed);
    }

    @Test
    void aRefusalAfterTheMinuteWritesTheCountAndStartsAnotherMinute() {
        trail.record(refused("jane@shop.example", "203.0.113.7"));
        trail.record(refused("jane@shop.example", "203.0.113.7"));
        clock.advance(Duration.ofSeconds(61));

        trail.record(refused("jane@shop.example", "203.0.113.7"));

        assertThat(written)
                .extracting(SecurityEvent::detail)
                .containsExactly(LIMIT + " (1)", LIMIT + " (+1 more in PT1M)", LIMIT + " (1)");
        assertThat(written.get(1).at()).isBefore(written.get(2).at());
    }

    @Test
    void aLoneRefusalLeavesNoCountBehind() {
        trail.record(refused("jane@shop.example", "203.0.113.7"));
        clock.advance(Duration.ofMinutes(2));
        trail.flushEnded();
        trail.close();

        assertThat(written).extracting(SecurityEvent::detail).containsExactly(LIMIT + " (1)");
    }

    @Test
    void pastTheBoundRefusalsOfNewSubjectsAreWrittenOneByOneNotDropped() {
        IntStream.range(0, 100).forEach(i -> trail.record(refused("jane@shop.example", "10.0." + i + ".1")));
        assertThat(written).hasSize(100);

        for (int i = 0; i < 5; i++) {
            trail.record(refused("jane@shop.example", "192.0.2.1"));
        }
        trail.record(refused("jane@shop.example", "10.0.1.1"));

        assertThat(written).hasSize(105);
        assertThat(written.subList(100, 105))
                .allSatisfy(event -> assertThat(event.detail()).isEqualTo(LIMIT));
        trail.close();
        assertThat(written.get(105).detail()).isEqualTo(LIMIT + " (+1 more in PT1M)");
    }

    @Test
    void aLongDetailIsShortenedSoThatItsCountFits() {
        String longDetail = "x".repeat(200);
        trail.record(new SecurityEvent(SecurityEvent.Type.RATE_LIMITED, clock.instant(), null, null, null, longDetail));
        trail.record(new SecurityEvent(SecurityEvent.Type.RATE_LIMITED, clock.instant(), null, null, null, longDetail));
        trail.close();

        assertThat(written)
                .hasSize(2)
                .allSatisfy(event -> assertThat(event.detail()).hasSizeLessThanOrEqualTo(200));
        assertThat(written.get(0).detail()).endsWith("x (1)");
        assertThat(written.get(1).detail()).endsWith("x (+1 more in PT1M)");
    }

    @Test
    void aCountThatCannotBeWrittenIsLoggedAndTheOtherCountsStillAre() {
        List<SecurityEvent> stored = new ArrayList<>();
        AuditTrailPort downForZed = event -> {
            if (event.maskedEmail().startsWith("z")) {
                throw new StorageUnavailableException("SQLTransientConnectionException");
            }
            stored.add(event);
        };
        CoalescingAuditTrail coalescing = new CoalescingAuditTrail(downForZed, clock, 100);
        coalescing.record(refused("jane@shop.example", "203.0.113.7"));
        coalescing.record(refused("jane@shop.example", "203.0.113.7"));
        assertThatThrownBy(() -> coalescing.record(refused("zed@shop.example", "203.0.113.7")))
                .as("a first refusal is written as any event is: its caller hears of the outage")
                .isInstanceOf(StorageUnavailableException.class);
        coalescing.record(refused("zed@shop.example", "203.0.113.7"));
        clock.advance(Duration.ofMinutes(1));

        coalescing.flushEnded();

        assertThat(stored)
                .extracting(SecurityEvent::detail)
                .containsExactly(LIMIT + " (1)", LIMIT + " (+1 more in PT1M)");
        coalescing.flushEnded();
        assertThat(stored).as("a lost count is not tried again and again").hasSize(2);
    }

    @Test
    void twoOwnersWhoseMaskedEmailsMatchAreCountedApartSoEachTrailHasItsOwnRefusals() {
        for (int i = 0; i < 3; i++) {
            trail.record(refused("jane@shop.example", "203.0.113.7"));
            trail.record(refused("joe@shop.example", "203.0.113.7"));
        }
        assertThat(EmailAddress.of("jane@shop.example").masked())
                .isEqualTo(EmailAddress.of("joe@shop.example").masked());

        clock.advance(Duration.ofMinutes(1));
        trail.flushEnded();

        assertThat(written)
                .as("a first event and a count for each owner, each under its own owner")
                .hasSize(4)
                .extracting(event -> event.ownerEmail().orElseThrow().value())
                .containsExactlyInAnyOrder(
                        "jane@shop.example", "joe@shop.example", "jane@shop.example", "joe@shop.example");
        assertThat(written.subList(2, 4))
                .allSatisfy(count -> assertThat(refusalsIn(count)).isEqualTo(2));
    }

    @Test
    void refusalsFromOneNetworkAreCountedTogetherAsTheTrailCannotTellItsHostsApart() {
        trail.record(refused("jane@shop.example", "203.0.113.7"));
        trail.record(refused("jane@shop.example", "203.0.113.8"));
        trail.record(refused("jane@shop.example", "203.0.114.7"));

        assertThat(written)
                .extracting(event -> event.clientAddress().value())
                .containsExactly("203.0.113.7", "203.0.114.7");
    }
}
