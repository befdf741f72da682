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
 * managing consents, export and erasure, the page to open. It says until when the link works, that
 * a consent link works once, and that ignoring the mail changes nothing. The token is only in the
 * link's fragment ({@code /consent#ecl_…}), which browsers never send to a server. Every other word
 * is the brand's or the operator's (an integration's name, a scope's words), escaped in HTML;
 * nothing an owner or a caller typed appears.
 */
final class OwnerLinkTemplate {

    private static final DateTimeFormatter EXPIRES_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final String KEEP_IT = "Keep the link to yourself: whoever holds it can use it.";

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

    /** The page the link opens, with the token in its fragment only: no path, query or log ever holds it. */
    String link(OwnerLinkMail mail) {
        String page = switch (mail.purpose()) {
            case CONSENT -> "/consent";
            case MANAGE_CONSENTS -> "/consents";
            case EXPORT -> "/privacy/export";
            case ERASE -> "/privacy/erase";
        };
        return settings.publicUrl() + page + "#" + mail.token().reveal();
    }

    String subject(OwnerLinkMail mail) {
        return switch (mail.purpose()) {
            case CONSENT -> settings.brand() + ": " + integration(mail) + " asks for access to your store";
            case MANAGE_CONSENTS -> settings.brand() + ": manage the integrations you allowed";
            case EXPORT -> settings.brand() + ": your data export link";
            case ERASE -> settings.brand() + ": confirm erasing your data";
        };
    }

    private static String integration(OwnerLinkMail mail) {
        return mail.integration().map(name -> name.value()).orElse("");
    }

    /** What the link is for, ending where the scopes (for consent) or the link follow. */
    private String purpose(OwnerLinkMail mail) {
        return switch (mail.purpose()) {
            case CONSENT ->
                "the integration " + integration(mail) + " asks for access to your " + settings.brand()
                        + " store. It asks to:";
            case MANAGE_CONSENTS ->
                "here is the link you asked for: it lists the integrations you allowed to use your store's data,"
                        + " and lets you withdraw any of them.";
            case EXPORT ->
                "here is the link you asked for: it downloads a copy of everything " + settings.brand()
                        + " keeps about you.";
            case ERASE ->
                "here is the link you asked for to erase your personal data. Erasing revokes every API key,"
                        + " withdraws every access you allowed, and removes your name and email. It cannot be undone.";
        };
    }

    private static String action(OwnerLinkMail mail) {
        return switch (mail.purpose()) {
            case CONSENT -> "To approve or deny, open:";
            case MANAGE_CONSENTS -> "To see and withdraw them, open:";
            case EXPORT -> "To download it, open:";
            case ERASE -> "To confirm, open:";
        };
    }

    private static String button(OwnerLinkMail mail) {
        return switch (mail.purpose()) {
            case CONSENT -> "Approve or deny";
            case MANAGE_CONSENTS -> "See the integrations you allowed";
            case EXPORT -> "Download your data";
            case ERASE -> "Confirm erasing your data";
        };
    }

    private static String validity(OwnerLinkMail mail) {
        String until = EXPIRES_AT.format(mail.expiresAt());
        return mail.purpose().isSingleUse()
                ? "The link works once, until " + until + "."
                : "The link works until " + until + ".";
    }

    private static String ignore(OwnerLinkMail mail) {
        return mail.purpose() == LinkPurpose.CONSENT
                ? "If you ignore this mail, nothing changes: " + integration(mail) + " gets no access."
                : "If you did not ask for this link, ignore this mail: nothing changes.";
    }

    private String text(OwnerLinkMail mail) {
        String scopes = mail.scopes().stream()
                .map(scope -> "  - " + scope.words() + " (" + scope.scope() + ")\n")
                .collect(Collectors.joining("", "\n", ""));
        return """
                Hello,

                %s
                %s
                %s

                    %s

                %s %s

                %s

                %s
                """.formatted(
                        purpose(mail),
                        mail.scopes().isEmpty() ? "" : scopes,
                        action(mail),
                        link(mail),
                        validity(mail),
                        KEEP_IT,
                        ignore(mail),
                        settings.brand());
    }

    private String html(OwnerLinkMail mail) {
        String scopes = mail.scopes().isEmpty()
                ? ""
                : mail.scopes().stream()
                        .map(scope -> "<li>" + KeyMailTemplate.escape(scope.words()) + " <small>("
                                + KeyMailTemplate.escape(scope.scope()) + ")</small></li>")
                        .collect(Collectors.joining("\n", "<ul>\n", "\n</ul>\n"));
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%1$s</title></head>
                <body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a;">
                <p>Hello,</p>
                <p>%2$s</p>
                %3$s<p><a href="%4$s">%5$s</a></p>
                <p>%6$s %7$s</p>
                <p>%8$s</p>
                <p>%9$s</p>
                </body></html>
                """.formatted(
                        KeyMailTemplate.escape(subject(mail)),
                        KeyMailTemplate.escape(purpose(mail)),
                        scopes,
                        KeyMailTemplate.escape(link(mail)),
                        button(mail),
                        KeyMailTemplate.escape(validity(mail)),
                        KEEP_IT,
                        KeyMailTemplate.escape(ignore(mail)),
                        KeyMailTemplate.escape(settings.brand()));
    }
}
