package com.latchkey.application.port.out;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Hands mails holding new keys to the configured transport, a batch at a time. */
public interface SendKeyMailPort {

    /**
     * Hands the mails over in their order, all over one connection where the transport has
     * connections, and tells {@code outcomes} what became of each, once per mail, in the same
     * order, as soon as it is known (before the next mail is begun), so that a delivered key can be
     * settled while the rest of the batch is still under way. A mail the transport refuses fails
     * alone; once the connection is lost, the mail under way and every one after it are
     * {@link KeyMailOutcome.NotSent}. Mails not begun before {@code handOverBefore} are
     * {@link KeyMailOutcome.NotBegun}: their requests are claimed only for a while longer, and a
     * mail handed over after another attempt took its request would be a second mail of one
     * attempt. An exception thrown by {@code outcomes} ends the hand-over and reaches the caller.
     */
    void send(List<KeyMail> mails, Instant handOverBefore, Consumer<KeyMailOutcome> outcomes);

    /** Hands the mails over as {@link #send(List, Instant, Consumer)} does and answers every outcome at the end. */
    default List<KeyMailOutcome> send(List<KeyMail> mails, Instant handOverBefore) {
        List<KeyMailOutcome> outcomes = new ArrayList<>(mails.size());
        send(mails, handOverBefore, outcomes::add);
        return outcomes;
    }
}
