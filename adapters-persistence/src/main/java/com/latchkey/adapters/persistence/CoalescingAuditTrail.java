package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.SecurityEvent;
import io.micronaut.scheduling.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail the services write to: every event goes straight to the trail, except refusals
 * by a rate limit, which come in floods. Those are written once per {@link #WINDOW} for each limit
 * and subject (the same detail, masked email and client address): the first at once, its detail
 * ending {@code (1)}; the ones after it in the window only counted, and written as one event when
 * the window ends (or the service stops), its detail ending {@code (+57 more in PT1M)}. At most
 * {@code maxWindows} subjects are counted at a time; refusals beyond that are written one by one,
 * never dropped.
 */
final class CoalescingAuditTrail implements AuditTrailPort, AutoCloseable {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_WINDOWS = 10_000;
    /** How often ended windows are looked for: a window's count is written at most this late. */
    static final Duration FLUSH_EVERY = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(CoalescingAuditTrail.class);
    private static final int MAX_DETAIL = 200;

    /**
     * What refusals are counted together under: the owner itself (many owners share a masked email,
     * and the count is written to the first one's trail), the key, the client's network (all the
     * trail keeps of it: {@link ClientAddress#forAudit()}) and who acted.
     */
    private record Subject(
            String detail,
            String maskedEmail,
            String clientAddress,
            com.latchkey.domain.EmailAddress owner,
            com.latchkey.domain.KeyId key,
            SecurityEvent.Actor actor) {

        static Subject of(SecurityEvent event) {
            ClientAddress client = event.clientAddress();
            return new Subject(
                    event.detail(),
                    event.maskedEmail(),
                    client == null ? null : client.forAudit().value(),
                    event.owner(),
                    event.keyId(),
                    event.actor());
        }
    }

    /** The refusals of one subject since its first was written; changed only inside the map's compute. */
    private static final class Window {

        private final SecurityEvent first;
        private final Instant endsAt;
        private long more;
        private Instant lastAt;

        Window(SecurityEvent first, Instant openedAt) {
            this.first = first;
            this.endsAt = openedAt.plus(WINDOW);
            this.lastAt = first.at();
        }

        boolean hasEndedBy(Instant now) {
            return !now.isBefore(endsAt);
        }
    }

    private final AuditTrailPort trail;
    private final Clock clock;
    private final int maxWindows;
    private final Map<Subject, Window> windows = new ConcurrentHashMap<>();
    private volatile ScheduledFuture<?> flushes;

    CoalescingAuditTrail(AuditTrailPort trail, Clock clock, int maxWindows) {
        this.trail = trail;
        this.clock = clock;
        this.maxWindows = maxWindows;
    }

    /** Writes the counts of ended windows every {@link #FLUSH_EVERY} from now on, until {@link #close()}. */
    CoalescingAuditTrail flushingOn(TaskScheduler scheduler) {
        flushes = scheduler.scheduleWithFixedDelay(FLUSH_EVERY, FLUSH_EVERY, this::flushEnded);
        return this;
    }

    @Override
    public void record(SecurityEvent event) {
        if (event.type() != SecurityEvent.Type.RATE_LIMITED) {
            trail.record(event);
            return;
        }
        Subject subject = Subject.of(event);
        if (windows.size() >= maxWindows && !windows.containsKey(subject)) {
            trail.record(event);
            return;
        }
        Instant now = clock.instant();
        Window[] ended = new Window[1];
        boolean[] opened = new boolean[1];
        windows.compute(subject, (ignored, window) -> {
            if (window != null && !window.hasEndedBy(now)) {
                window.more++;
                window.lastAt = event.at();
                return window;
            }
            ended[0] = window;
            opened[0] = true;
            return new Window(event, now);
        });
        if (ended[0] != null) {
            writeCount(ended[0]);
        }
        if (opened[0]) {
            trail.record(withCount(event, "(1)"));
        }
    }

    /** Writes the count of every window that has ended, and forgets those windows. */
    void flushEnded() {
        Instant now = clock.instant();
        flush(window -> window.hasEndedBy(now));
    }

    /** Stops the schedule and writes the count of every window, ended or not. */
    @Override
    public void close() {
        ScheduledFuture<?> scheduled = flushes;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        flush(window -> true);
    }

    private void flush(Predicate<Window> due) {
        for (Subject subject : windows.keySet()) {
            Window[] taken = new Window[1];
            windows.computeIfPresent(subject, (ignored, window) -> {
                if (due.test(window)) {
                    taken[0] = window;
                    return null;
                }
                return window;
            });
            if (taken[0] != null) {
                writeCount(taken[0]);
            }
        }
    }

    /** Writes how many refusals followed a window's first; a failure loses that count only, and says so. */
    private void writeCount(Window window) {
        if (window.more == 0) {
            return;
        }
        SecurityEvent first = window.first;
        try {
            trail.record(withCount(
                    new SecurityEvent(
                            first.type(),
                            window.lastAt,
                            first.keyId(),
                            first.maskedEmail(),
                            first.clientAddress(),
                            first.detail(),
                            first.owner(),
                            first.actor()),
                    "(+" + window.more + " more in " + WINDOW + ")"));
        } catch (RuntimeException failed) {
            LOG.warn(
                    "a count of {} rate-limited events was not written to the audit trail ({})",
                    window.more,
                    failed.getClass().getSimpleName());
        }
    }

    /** The event with {@code count} after its detail, the detail shortened if both would not fit. */
    private static SecurityEvent withCount(SecurityEvent event, String count) {
        String detail = event.detail() == null ? "" : event.detail();
        int room = MAX_DETAIL - count.length() - 1;
        if (detail.length() > room) {
            detail = detail.substring(0, room);
        }
        return event.withDetail(detail.isEmpty() ? count : detail + " " + count);
    }
}
