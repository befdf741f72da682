package com.latchkey.application.port.out;

/**
 * The transport did not take the mail. It carries only {@link #reason()}, the kind of failure
 * (such as {@code MailConnectException}): transport messages can quote the recipient, so they and
 * their causes are not kept.
 */
public class KeyMailNotSentException extends RuntimeException {

    private final String reason;

    public KeyMailNotSentException(String reason) {
        super("the mail transport did not take the key mail: " + reason, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
