package com.latchkey.application.port.out;

import java.util.Objects;

/** What became of one key mail handed to the transport. */
public sealed interface KeyMailOutcome {

    /** The transport took the mail. */
    record Sent() implements KeyMailOutcome {}

    /**
     * The transport did not take the mail. {@code reason} is only the kind of failure (such as
     * {@code MailConnectException}): transport messages can quote the recipient, so they are not kept.
     */
    record NotSent(String reason) implements KeyMailOutcome {

        public NotSent {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The transport never began the mail because the claim on its request was ending: not an
     * attempt, so its request is released for the next claim without counting one.
     */
    record NotBegun() implements KeyMailOutcome {}
}
