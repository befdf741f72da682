package com.latchkey.application.service;

import com.latchkey.application.port.in.ReadAuditTrailUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.ReadAuditTrailPort;
import com.latchkey.domain.ClientAddress;
import java.time.Clock;
import java.util.Objects;

/**
 * The trail of one key or owner for an operator. Reading it is itself audited, once per reading
 * (on its first page): a lookup written on every page would add to the trail being paged through.
 */
public final class ReadAuditTrailService implements ReadAuditTrailUseCase {

    private final ReadAuditTrailPort trail;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    public ReadAuditTrailService(ReadAuditTrailPort trail, AuditTrailPort auditTrail, Clock clock) {
        this.trail = Objects.requireNonNull(trail, "trail");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result read(Query query, ClientAddress operator) {
        if (query.after().isPresent() && !trail.isCursor(query.after().get())) {
            return new Result.UnknownCursor();
        }
        ReadAuditTrailPort.Page page = trail.read(
                new ReadAuditTrailPort.Query(query.key(), query.owner(), query.since(), query.after(), query.limit()));
        if (query.after().isEmpty()) {
            auditTrail.record(
                    query.owner().isPresent()
                            ? OperatorEvents.lookup(
                                    clock.instant(),
                                    operator,
                                    "audit",
                                    query.owner().get())
                            : OperatorEvents.lookup(
                                    clock.instant(),
                                    operator,
                                    "audit",
                                    query.key().orElseThrow()));
        }
        return new Result.Page(
                page.events().stream()
                        .map(recorded -> new Entry(recorded.id(), recorded.event()))
                        .toList(),
                page.next());
    }
}
