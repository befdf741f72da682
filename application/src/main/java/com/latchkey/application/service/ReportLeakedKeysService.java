package com.latchkey.application.service;

import com.latchkey.application.port.in.ReportLeakedKeysUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.CheckLeakReportSignaturePort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.application.service.Throttle.Bucket;
import com.latchkey.application.service.Throttle.Refusal;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.SecurityEvent;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes a secret scanner's report (GitHub's partner format, SPEC §10): nothing is read before the
 * signature is checked. Each reported token that is one of our keys is a true positive; a live one
 * is revoked and its owner mailed where it was found. A key that had ended is a true positive too,
 * and changes nothing.
 */
public final class ReportLeakedKeysService implements ReportLeakedKeysUseCase {

    /** The most tokens one report may hold: each is a lookup, and a scanner sends a few at a time. */
    public static final int MAX_TOKENS = 1_000;

    private final CheckLeakReportSignaturePort signatures;
    private final PresentedKeys presentedKeys;
    private final OwnerRevocations revocations;
    private final AuditTrailPort auditTrail;
    private final Throttle throttle;
    private final RateLimit failuresPerClient;
    private final Clock clock;

    public ReportLeakedKeysService(
            CheckLeakReportSignaturePort signatures,
            PresentedKeys presentedKeys,
            LoadApiKeyPort loadApiKey,
            SaveApiKeyPort saveApiKey,
            SendOwnerNoticePort notices,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            RateLimit failuresPerClient,
            Clock clock) {
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.presentedKeys = Objects.requireNonNull(presentedKeys, "presentedKeys");
        this.revocations = new OwnerRevocations(loadApiKey, saveApiKey, notices, auditTrail, clock);
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.throttle = new Throttle(rateLimits);
        this.failuresPerClient = Objects.requireNonNull(failuresPerClient, "failuresPerClient");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result report(Report report, ClientAddress reporter) {
        // An address that sent too many forged reports is refused before any work is done for it.
        Optional<Refusal> over = throttle.firstEmpty(Bucket.of(failuresPerClient, reporter));
        if (over.isPresent()) {
            auditTrail.record(over.get().event(clock.instant(), "leak report"));
            return new Result.RateLimited(over.get().retryAfter());
        }
        CheckLeakReportSignaturePort.Verdict verdict =
                signatures.check(report.keyIdentifier(), report.signature(), report.body());
        if (verdict != CheckLeakReportSignaturePort.Verdict.SIGNED) {
            throttle.take(Bucket.of(failuresPerClient, reporter));
            auditTrail.record(SecurityEvent.of(
                    SecurityEvent.Type.AUTHENTICATION_FAILED,
                    clock.instant(),
                    null,
                    reporter,
                    "leak report: "
                            + verdict.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')));
            return new Result.NotSigned();
        }
        Optional<List<ReportedToken>> read = report.tokens().get();
        if (read.isEmpty()) {
            return new Result.Malformed("the body is not a JSON array of {token, type, url, source}");
        }
        List<ReportedToken> tokens = read.get();
        if (tokens.size() > MAX_TOKENS) {
            return new Result.Malformed("a report holds at most " + MAX_TOKENS + " tokens");
        }
        List<Labelled> labels = new ArrayList<>(tokens.size());
        for (ReportedToken token : tokens) {
            Optional<ApiKey> key = presentedKeys.find(token.token());
            if (key.isEmpty()) {
                labels.add(new Labelled(token, Label.FALSE_POSITIVE));
                continue;
            }
            auditTrail.record(SecurityEvent.of(SecurityEvent.Type.LEAK_REPORTED, clock.instant(), key.get(), reporter)
                    .by(SecurityEvent.Actor.LEAK_REPORT)
                    .withDetail(where(token.url())));
            revocations.revoke(key.get().id(), SecurityEvent.Actor.LEAK_REPORT, reporter, token.url());
            labels.add(new Labelled(token, Label.TRUE_POSITIVE));
        }
        return new Result.Accepted(labels);
    }

    private static String where(Optional<URI> url) {
        return url.map(found -> "found at " + found).orElse("found in public");
    }
}
