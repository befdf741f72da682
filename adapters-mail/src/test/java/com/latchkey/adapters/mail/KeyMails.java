package com.latchkey.adapters.mail;

import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.tck.mail.SendKeyMailContract;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test mails, and reading the parts of a received one. */
final class KeyMails {

    static final Instant VERIFY_BEFORE = Instant.parse("2026-11-28T10:15:00Z");
    static final Instant LINK_EXPIRES_AT = Instant.parse("2026-11-30T10:15:00Z");

    private KeyMails() {}

    /** An owner-link mail whose link stops working at 2026-11-30 10:15 UTC. */
    static OwnerLinkMail linkTo(
            String email,
            LinkPurpose purpose,
            Optional<IntegrationName> integration,
            List<OwnerLinkMail.AskedScope> scopes) {
        return new OwnerLinkMail(
                EmailAddress.of(email),
                purpose,
                ApiKeyFormat.withPrefix("ecl_").mint(new SecureRandom()::nextInt),
                LINK_EXPIRES_AT,
                integration,
                scopes);
    }

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
