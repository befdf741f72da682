package com.latchkey.adapters.mail;

import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.domain.LinkPurpose;
import io.micronaut.email.Contact;
import io.micronaut.email.Email;
import io.micronaut.email.MultipartBody;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/**
 * The mail carrying an owner link, as text and as HTML: for consent, which integration asks for
 * what (each scope in the operator's plain words) with Approve and Deny behind the link; for
 * managing consents, the link to the list. The token is only in the link's fragment
 * ({@code /consent#ecl_…}), which browsers never send to a server. Every other word is the brand's;
 * nothing an owner or a caller typed appears.
 */
final class OwnerLinkTemplate {

    private static final DateTimeFormatter EXPIRES_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final MailSettings settings;

    OwnerLinkTemplate(MailSettings settings) {
        this.settings = settings;
    }

    Email.Builder compose(OwnerLinkMail mail) {
        return Email.builder()
                .from(new Contact(settings.from(), settings.brand()))
                .to(new Contact(mail.to().value()))
                .subject(subject(mail))
                .body(new MultipartBody(html(mail), text(mail)));
    }

    /** The page the link opens, with the token in its fragment. */
    String link(OwnerLinkMail mail) {
        String page = switch (mail.purpose()) {
            case CONSENT -> "/consent";
            case MANAGE_CONSENTS -> "/consents";
            case EXPORT, ERASE -> "/privacy";
        };
        return settings.publicUrl() + page + "#" + mail.token().reveal();
    }

    private String integration(OwnerLinkMail mail) {
        return mail.integration().map(name -> name.value()).orElse("");
    }

    private String subject(OwnerLinkMail mail) {
        return switch (mail.purpose()) {
            case CONSENT -> settings.brand() + ": " + integration(mail) + " asks for access to your store";
            case MANAGE_CONSENTS -> settings.brand() + ": manage the integrations you allowed";
            case EXPORT -> settings.brand() + ": your data export link";
            case ERASE -> settings.brand() + ": confirm erasing your data";
        };
    }

    /** What the link is for, in one sentence. */
    private String purpose(OwnerLinkMail mail) {
        return switch (mail.purpose()) {
            case CONSENT -> "The integration " + integration(mail) + " asks for your permission to:";
            case MANAGE_CONSENTS ->
                "You asked to see the integrations you allowed to use your store's data. This link lists them,"
                        + " and lets you withdraw any of them.";
            case EXPORT -> "You asked for a copy of everything " + settings.brand() + " keeps about you.";
            case ERASE -> "You asked " + settings.brand() + " to erase your personal data.";
        };
    }

    private String validity(OwnerLinkMail mail) {
        String until = EXPIRES_AT.format(mail.expiresAt());
        return mail.purpose().isSingleUse()
                ? "The link works once, until " + until + "."
                : "The link works until " + until + ".";
    }

    private String ignore(OwnerLinkMail mail) {
        return mail.purpose() == LinkPurpose.CONSENT
                ? "If you ignore this mail, nothing is granted: the integration gets no access."
                : "If you did not ask for this, ignore this mail: nothing changes.";
    }

    private String text(OwnerLinkMail mail) {
        String scopes = mail.scopes().stream()
                .map(scope -> "  - " + scope.words() + " (" + scope.scope() + ")\n")
                .collect(Collectors.joining());
        String action = mail.purpose() == LinkPurpose.CONSENT ? "To approve or deny, open:" : "Open:";
        return """
                Hello,

                %s
                %s
                %s

                    %s

                %s Keep this link to yourself: whoever holds it can use it.

                %s

                %s
                """.formatted(purpose(mail), scopes, action, link(mail), validity(mail), ignore(mail), settings.brand());
    }

    private String html(OwnerLinkMail mail) {
        String scopes = mail.scopes().isEmpty()
                ? ""
                : mail.scopes().stream()
                        .map(scope -> "<li>" + KeyMailTemplate.escape(scope.words()) + " <small>("
                                + KeyMailTemplate.escape(scope.scope()) + ")</small></li>")
                        .collect(Collectors.joining("\n", "<ul>\n", "\n</ul>\n"));
        String button = mail.purpose() == LinkPurpose.CONSENT ? "Review and decide" : "Open the page";
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%1$s</title></head>
                <body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a;">
                <p>Hello,</p>
                <p>%2$s</p>
                %3$s<p><a href="%4$s">%5$s</a></p>
                <p>%6$s Keep this link to yourself: whoever holds it can use it.</p>
                <p>%7$s</p>
                <p>%8$s</p>
                </body></html>
                """.formatted(
                        KeyMailTemplate.escape(subject(mail)),
                        KeyMailTemplate.escape(purpose(mail)),
                        scopes,
                        KeyMailTemplate.escape(link(mail)),
                        button,
                        KeyMailTemplate.escape(validity(mail)),
                        KeyMailTemplate.escape(ignore(mail)),
                        KeyMailTemplate.escape(settings.brand()));
    }
}
