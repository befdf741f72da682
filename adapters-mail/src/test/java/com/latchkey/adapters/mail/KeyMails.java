package com.latchkey.adapters.mail;

import com.latchkey.application.port.out.KeyMail;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.tck.mail.SendKeyMailContract;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Test mails, and reading the parts of a received one. */
final class KeyMails {

    static final Instant VERIFY_BEFORE = Instant.parse("2026-11-28T10:15:00Z");

    private KeyMails() {}

    static KeyMail to(String email) {
        return new KeyMail(
                EmailAddress.of(email),
                ApiKeyFormat.withPrefix("eck_").mint(new SecureRandom()::nextInt),
                VERIFY_BEFORE);
    }

    /** A received message as the mail contract reads it: its recipient, and its subject and text parts. */
    static SendKeyMailContract.ReceivedMail received(Message message) throws Exception {
        return new SendKeyMailContract.ReceivedMail(
                message.getAllRecipients()[0].toString(),
                message.getSubject() + "\n" + String.join("\n", parts(message).values()));
    }

    /** The text/plain and text/html parts of a multipart/alternative message, by content type. */
    static Map<String, String> parts(Message message) throws Exception {
        Map<String, String> parts = new HashMap<>();
        collect(message.getContent(), parts);
        return parts;
    }

    private static void collect(Object content, Map<String, String> parts) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.getContent() instanceof Multipart nested) {
                    collect(nested, parts);
                } else {
                    parts.put(
                            part.getContentType().split(";")[0].trim().toLowerCase(),
                            part.getContent().toString());
                }
            }
        }
    }
}
