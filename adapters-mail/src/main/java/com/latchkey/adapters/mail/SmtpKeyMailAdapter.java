package com.latchkey.adapters.mail;

import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailNotSentException;
import com.latchkey.application.port.out.SendKeyMailPort;
import io.micronaut.email.EmailSender;

/** Sends the key mail to an SMTP server through Micronaut Email and Jakarta Mail. */
final class SmtpKeyMailAdapter implements SendKeyMailPort {

    private final KeyMailTemplate template;
    private final EmailSender<?, ?> sender;

    SmtpKeyMailAdapter(KeyMailTemplate template, EmailSender<?, ?> sender) {
        this.template = template;
        this.sender = sender;
    }

    @Override
    public void send(KeyMail mail) {
        try {
            sender.send(template.compose(mail));
        } catch (RuntimeException refused) {
            throw new KeyMailNotSentException(rootCauseName(refused));
        }
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
