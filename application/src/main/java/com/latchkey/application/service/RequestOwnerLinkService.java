package com.latchkey.application.service;

import com.latchkey.application.port.in.RequestOwnerLinkUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.service.Throttle.Bucket;
import com.latchkey.application.service.Throttle.Refusal;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Mails the owner of a known email a link for their own use, limited per email, per client address
 * and overall. Only the limits are taken before the answer: looking the email up, making the link,
 * auditing and mailing run after it ({@code afterAnswer}), so neither the answer nor its time tells
 * whether an email is an owner's.
 */
public final class RequestOwnerLinkService implements RequestOwnerLinkUseCase {

    private final OwnerStoresPort stores;
    private final OwnerLinks links;
    private final SendOwnerLinkPort mail;
    private final AuditTrailPort auditTrail;
    private final Throttle throttle;
    private final ConsentLimits limits;
    private final Clock clock;
    private final Executor afterAnswer;

    public RequestOwnerLinkService(
            OwnerStoresPort stores,
            OwnerLinks links,
            SendOwnerLinkPort mail,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            ConsentLimits limits,
            Clock clock,
            Executor afterAnswer) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.links = Objects.requireNonNull(links, "links");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.throttle = new Throttle(rateLimits);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.afterAnswer = Objects.requireNonNull(afterAnswer, "afterAnswer");
    }

    @Override
    public Result request(Command command) {
        Instant now = clock.instant();
        Optional<Refusal> refused = throttle.take(
                Bucket.of(limits.ownerLinksPerEmail(), command.email()),
                Bucket.of(limits.ownerLinksPerClient(), command.client()),
                Bucket.everyone(limits.ownerLinksGlobal()));
        if (refused.isPresent()) {
            auditTrail.record(refused.get().event(now, "owner link"));
            return new Result.RateLimited(refused.get().retryAfter());
        }
        afterAnswer.execute(() -> mailIfKnown(command, now));
        return new Result.Accepted();
    }

    private void mailIfKnown(Command command, Instant now) {
        Optional<StoreId> store = stores.find(command.email());
        if (store.isPresent()) {
            OwnerLinks.Minted minted = links.forOwner(command.email(), store.get(), command.purpose(), now);
            auditTrail.record(SecurityEvent.of(
                    SecurityEvent.Type.OWNER_LINK_SENT,
                    now,
                    command.email(),
                    command.client(),
                    command.purpose().name()));
            mail.send(new OwnerLinkMail(
                    command.email(),
                    command.purpose(),
                    minted.token(),
                    minted.link().expiresAt(),
                    Optional.empty(),
                    List.of()));
        }
    }
}
