package com.latchkey.adapters.mail;

import com.latchkey.application.port.out.ErasureNotice;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.OwnerNotice;
import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import io.micronaut.email.EmailComposer;
import io.micronaut.email.javamail.sender.SessionProvider;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends key mails to an SMTP server with Jakarta Mail, a batch over one connection: one greeting,
 * TLS handshake and login for the batch instead of one per mail. Owner notices and owner-link
 * mails go one to a connection, over the same session. Messages are composed by Micronaut Email
 * from the session that carries the server, TLS and timeout settings.
 */
final class SmtpKeyMailAdapter
        implements SendKeyMailPort, SendOwnerNoticePort, SendErasureNoticePort, SendOwnerLinkPort {

    private static final KeyMailOutcome SENT = new KeyMailOutcome.Sent();
    static final KeyMailOutcome NOT_BEGUN = new KeyMailOutcome.NotBegun();
    static final KeyMailOutcome SLOW_CONNECTION = new KeyMailOutcome.NotSent("SlowConnection");

    private final KeyMailTemplate template;
    private final OwnerNoticeTemplate notices;
    private final OwnerLinkTemplate links;
    private final EmailComposer<? extends Message> composer;
    private final SessionProvider sessions;

    SmtpKeyMailAdapter(
            KeyMailTemplate template,
            OwnerNoticeTemplate notices,
            OwnerLinkTemplate links,
            EmailComposer<? extends Message> composer,
            SessionProvider sessions) {
        this.template = template;
        this.notices = notices;
        this.links = links;
        this.composer = composer;
        this.sessions = sessions;
    }

    @Override
    public void send(OwnerNotice notice) {
        try {
            sendOne(composer.compose(notices.compose(notice).build()));
        } catch (Exception failed) {
            throw noticeNotSent(notice, failed);
        }
    }

    @Override
    public void send(ErasureNotice notice) {
        try {
            sendOne(composer.compose(notices.compose(notice).build()));
        } catch (Exception failed) {
            throw erasureNotSent(notice, failed);
        }
    }

    @Override
    public void send(OwnerLinkMail mail) {
        try {
            sendOne(composer.compose(links.compose(mail).build()));
        } catch (Exception failed) {
            throw linkNotSent(mail, failed);
        }
    }

    /** One mail over a connection of its own (owner mails are one at a time, unlike key mails). */
    private void sendOne(Message message) throws Exception {
        Transport transport = null;
        try {
            message.saveChanges();
            transport = sessions.session().getTransport();
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        } finally {
            closeQuietly(transport);
        }
    }

    @Override
    public void send(List<KeyMail> mails, Instant handOverBefore, Consumer<KeyMailOutcome> outcomes) {
        if (mails.isEmpty()) {
            return;
        }
        if (!Instant.now().isBefore(handOverBefore)) {
            report(outcomes, mails.size(), NOT_BEGUN);
            return;
        }
        Instant connecting = Instant.now();
        Transport transport;
        try {
            // The protocol (smtp or smtps) is the session's mail.transport.protocol, set from LATCHKEY_SMTP_TLS.
            transport = sessions.session().getTransport();
            transport.connect();
        } catch (Exception refused) {
            report(outcomes, mails.size(), new KeyMailOutcome.NotSent(rootCauseName(refused)));
            return;
        }
        // Exceptions of the caller's outcomes (its settling) are not the transport's: they end the hand-over.
        try {
            for (int i = 0; i < mails.size(); i++) {
                if (!Instant.now().isBefore(handOverBefore)) {
                    // A connection that took most of the window is the server's failure, an attempt
                    // like any other (counted, and retried after a backoff); a window used up before
                    // it (a slow claim) or mails that went before leave the rest merely not begun.
                    report(
                            outcomes,
                            mails.size() - i,
                            i == 0 && slowConnection(connecting, handOverBefore) ? SLOW_CONNECTION : NOT_BEGUN);
                    return;
                }
                KeyMailOutcome outcome = sendOne(transport, mails.get(i));
                outcomes.accept(outcome);
                // A refused recipient leaves the session usable (the transport resets it); a lost
                // connection fails the rest of the batch, to be retried on its own schedule.
                if (outcome instanceof KeyMailOutcome.NotSent lost && !transport.isConnected()) {
                    report(outcomes, mails.size() - i - 1, lost);
                    return;
                }
            }
        } finally {
            closeQuietly(transport);
        }
    }

    /** Whether connecting took more than half of what was left of the window when it began. */
    private static boolean slowConnection(Instant connecting, Instant handOverBefore) {
        Duration left = Duration.between(connecting, handOverBefore);
        return Duration.between(connecting, Instant.now()).compareTo(left.dividedBy(2)) > 0;
    }

    private KeyMailOutcome sendOne(Transport transport, KeyMail mail) {
        try {
            Message message = composer.compose(template.compose(mail).build());
            message.saveChanges();
            transport.sendMessage(message, message.getAllRecipients());
            return SENT;
        } catch (Exception refused) {
            return new KeyMailOutcome.NotSent(rootCauseName(refused));
        }
    }

    private static void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException quitFailed) {
            // Every mail has its answer by now: the server had taken the ones it acknowledged.
        }
    }

    private static void report(Consumer<KeyMailOutcome> outcomes, int count, KeyMailOutcome outcome) {
        for (int i = 0; i < count; i++) {
            outcomes.accept(outcome);
        }
    }

    /**
     * A link mail that did not leave, named like a notice: its purpose, the masked address and the
     * kind of failure, never the token (the cause is left out, as for a notice).
     */
    static IllegalStateException linkNotSent(OwnerLinkMail mail, Exception failure) {
        return new IllegalStateException("owner link (" + mail.purpose() + ") to "
                + mail.to().masked() + " not sent: " + rootCauseName(failure));
    }

    /**
     * A notice that did not leave, named by the masked address and the kind of failure only, without
     * its cause: the transport's messages may quote the recipient (a refused address is named in
     * them), and whoever catches this may log it whole.
     */
    static IllegalStateException noticeNotSent(OwnerNotice notice, Exception failure) {
        return new IllegalStateException(
                "owner notice to " + notice.to().masked() + " not sent: " + rootCauseName(failure));
    }

    /** An erasure confirmation that did not leave: the masked address and the kind of failure only, as for a notice. */
    static IllegalStateException erasureNotSent(ErasureNotice notice, Exception failure) {
        return new IllegalStateException(
                "erasure confirmation to " + notice.to().masked() + " not sent: " + rootCauseName(failure));
    }

    static String rootCauseName(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure
                ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + "/" + root.getClass().getSimpleName();
    }
}
