package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.SealPersonalDataPort;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The audit trail port: the table and the log line, behind the coalescing of rate-limit floods. */
@Factory
class AuditTrailFactory {

    /** Closed on shutdown, before the database: the counts of open windows are written then. */
    @Singleton
    @Bean(preDestroy = "close")
    CoalescingAuditTrail auditTrail(
            AuditEventRepository repository,
            SealPersonalDataPort emails,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        return new CoalescingAuditTrail(
                        new AuditTrailAdapter(repository, emails), Clock.systemUTC(), CoalescingAuditTrail.MAX_WINDOWS)
                .flushingOn(scheduler);
    }
}
