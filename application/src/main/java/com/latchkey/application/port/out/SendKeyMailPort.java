package com.latchkey.application.port.out;

import java.time.Instant;
import java.util.List;

/** Hands mails holding new keys to the configured transport, a batch at a time. */
public interface SendKeyMailPort {

    /**
     * Hands the mails over in their order, all over one connection where the transport has
     * connections, and answers what became of each, in the same order. A mail the transport refuses
     * fails alone; once the connection is lost, the mail under way and every one after it are
     * answered {@link KeyMailOutcome.NotSent}. So are the mails not begun before
     * {@code handOverBefore}: their requests are claimed only for a while longer, and a mail handed
     * over after another attempt took its request would be a second mail of one attempt.
     */
    List<KeyMailOutcome> send(List<KeyMail> mails, Instant handOverBefore);
}
