package com.latchkey.application.service;

import com.latchkey.application.port.in.EraseOwnerDataUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.EraseOwnerDataPort;
import com.latchkey.application.port.out.ErasureNotice;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Erases the owner of an erase link. Their live keys are revoked first, each as any revocation is
 * (so every instance's cache lets go of it); then, in one transaction, the link is used up and the
 * owner is removed from the store. A fault before the commit leaves the link unused, so the owner can
 * open it again; revoking a revoked key again changes nothing. The erasure is confirmed by mail to
 * the address the link was made for, and audited with its type and time only. Work that had begun
 * before the erasure may still write audit events about the owner after it (a refusal counted in
 * a window, a link mailed after its answer), so the owner's events are stripped once more
 * {@code afterTheAuditWindows}, from the email and key ids held in memory until then.
 */
public final class EraseOwnerDataService implements EraseOwnerDataUseCase {

    private static final int ATTEMPTS = 5;

    private final OwnerLinks links;
    private final LoadApiKeyPort loadKeys;
    private final SaveApiKeyPort saveKeys;
    private final EraseOwnerDataPort eraser;
    private final TransactionPort transactions;
    private final SendErasureNoticePort notices;
    private final AuditTrailPort auditTrail;
    private final Clock clock;
    private final Executor afterTheAuditWindows;

    public EraseOwnerDataService(
            OwnerLinks links,
            LoadApiKeyPort loadKeys,
            SaveApiKeyPort saveKeys,
            EraseOwnerDataPort eraser,
            TransactionPort transactions,
            SendErasureNoticePort notices,
            AuditTrailPort auditTrail,
            Clock clock,
            Executor afterTheAuditWindows) {
        this.links = Objects.requireNonNull(links, "links");
        this.loadKeys = Objects.requireNonNull(loadKeys, "loadKeys");
        this.saveKeys = Objects.requireNonNull(saveKeys, "saveKeys");
        this.eraser = Objects.requireNonNull(eraser, "eraser");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.afterTheAuditWindows = Objects.requireNonNull(afterTheAuditWindows, "afterTheAuditWindows");
    }

    @Override
    public Result erase(String token) {
        Instant now = clock.instant();
        Optional<OwnerLink> found = links.find(token, LinkPurpose.ERASE, now);
        if (found.isEmpty()) {
            return new Result.LinkNotValid();
        }
        OwnerLink link = found.get();
        EmailAddress owner = link.owner();
        int revoked = 0;
        Set<KeyId> keys = new HashSet<>();
        for (ApiKey key : loadKeys.loadByOwner(owner)) {
            keys.add(key.id());
            if (revoke(key)) {
                revoked++;
            }
        }
        boolean erased = transactions.inTransaction(() -> {
            if (!links.use(link, now)) {
                return false;
            }
            eraser.erase(owner);
            return true;
        });
        if (!erased) {
            return new Result.LinkNotValid();
        }
        boolean confirmed = confirm(owner, now, revoked);
        afterTheAuditWindows.execute(() -> eraser.stripAudit(owner, keys));
        recordQuietly(new SecurityEvent(SecurityEvent.Type.OWNER_DATA_ERASED, now, null, null, null, null));
        return new Result.Erased(revoked, confirmed);
    }

    /** The erasure is committed: a trail that cannot be written now must not turn it into a failure. */
    private void recordQuietly(SecurityEvent event) {
        try {
            auditTrail.record(event);
        } catch (RuntimeException trailDown) {
            // Nothing personal is lost with it; the answer stands.
        }
    }

    /** Revokes a live key, trying again on a lost race; answers whether this call revoked it. */
    private boolean revoke(ApiKey read) {
        ApiKey key = read;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (key.status() != KeyStatus.PENDING && key.status() != KeyStatus.ACTIVE) {
                return false;
            }
            if (saveKeys.compareAndSet(key, key.revoke())) {
                return true;
            }
            Optional<ApiKey> again = loadKeys.loadById(key.id());
            if (again.isEmpty()) {
                return false;
            }
            key = again.get();
        }
        throw new IllegalStateException("a key changed " + ATTEMPTS + " times while its owner was being erased");
    }

    private boolean confirm(EmailAddress owner, Instant now, int revoked) {
        try {
            notices.send(new ErasureNotice(owner, now, revoked));
            return true;
        } catch (RuntimeException transportRefused) {
            // The erasure stands; the trail says the confirmation was lost, without saying to whom.
            recordQuietly(new SecurityEvent(
                    SecurityEvent.Type.DELIVERY_FAILED, now, null, null, null, "erasure confirmation not sent"));
            return false;
        }
    }
}
