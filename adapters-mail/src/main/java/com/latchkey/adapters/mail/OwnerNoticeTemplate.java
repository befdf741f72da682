package com.latchkey.adapters.mail;

import com.latchkey.application.port.out.ErasureNotice;
import com.latchkey.application.port.out.OwnerNotice;
import io.micronaut.email.Contact;
import io.micronaut.email.Email;
import io.micronaut.email.MultipartBody;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The mails telling an owner what happened to their keys, as text and as HTML. A revocation: which
 * key (its hint), when, why, that its integrations stop working, and where a new one is asked for.
 * An erasure: when, how many keys stopped working, that nothing of them is kept, and that a new
 * request starts afresh. Every word is the brand's: the owner's address stays in the {@code To:}
 * header, and of a leak report only the place it names is shown, and only when it is an http(s) URL.
 */
final class OwnerNoticeTemplate {

    private static final DateTimeFormatter REVOKED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final MailSettings settings;

    OwnerNoticeTemplate(MailSettings settings) {
        this.settings = settings;
    }

    Email.Builder compose(OwnerNotice notice) {
        return Email.builder()
                .from(new Contact(settings.from(), settings.brand()))
                .to(new Contact(notice.to().value()))
                .subject(subject(notice))
                .body(new MultipartBody(html(notice), text(notice)));
    }

    Email.Builder compose(ErasureNotice notice) {
        return Email.builder()
                .from(new Contact(settings.from(), settings.brand()))
                .to(new Contact(notice.to().value()))
                .subject(settings.brand() + ": your data was erased")
                .body(new MultipartBody(html(notice), text(notice)));
    }

    private String keysStopped(ErasureNotice notice) {
        return switch (notice.keysRevoked()) {
            case 0 -> "You had no key in use.";
            case 1 -> "Your API key was revoked: every integration that used it has stopped working.";
            default ->
                "Your " + notice.keysRevoked()
                        + " API keys were revoked: every integration that used them has stopped working.";
        };
    }

    private String text(ErasureNotice notice) {
        return """
                Hello,

                as you asked, everything %1$s kept about you was erased at %2$s: your name, this email                 address, your requests and keys, your store and what you allowed integrations to see.

                %3$s

                This mail is the last one about it. If you ask for a key again, you start afresh: %4$s

                %1$s
                """.formatted(
                        settings.brand(), REVOKED_AT.format(notice.erasedAt()), keysStopped(notice), requestLink());
    }

    private String html(ErasureNotice notice) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%1$s: your data was erased</title></head>
                <body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a;">
                <p>Hello,</p>
                <p>as you asked, everything %1$s kept about you was erased at %2$s: your name, this email address,
                your requests and keys, your store and what you allowed integrations to see.</p>
                <p>%3$s</p>
                <p>This mail is the last one about it. If you ask for a key again, you start afresh:
                <a href="%4$s">request an API key</a>.</p>
                <p>%1$s</p>
                </body></html>
                """.formatted(
                        KeyMailTemplate.escape(settings.brand()),
                        REVOKED_AT.format(notice.erasedAt()),
                        KeyMailTemplate.escape(keysStopped(notice)),
                        KeyMailTemplate.escape(requestLink()));
    }

    /** The request page, on the same public URL as the key mail's verify link. */
    String requestLink() {
        return settings.publicUrl() + "/request";
    }

    /**
     * Where a leak report says the key was found, if that is an absolute http(s) URL with a host and
     * no user part: anything else (a {@code javascript:} or {@code data:} address, a relative one, or
     * {@code https://brand.example@elsewhere}, which reads as the brand's) is not shown at all. In
     * ASCII, so that no look-alike or right-to-left character disguises where it points.
     */
    static Optional<String> foundAt(OwnerNotice notice) {
        return notice.foundAt().filter(OwnerNoticeTemplate::isWebAddress).map(URI::toASCIIString);
    }

    private static boolean isWebAddress(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return uri.isAbsolute()
                && (scheme.equals("http") || scheme.equals("https"))
                && uri.getHost() != null
                && uri.getRawUserInfo() == null;
    }

    private String subject(OwnerNotice notice) {
        return settings.brand() + ": your API key " + notice.key().value() + "… was revoked";
    }

    private String why(OwnerNotice notice) {
        return switch (notice.reason()) {
            case REVOKED_BY_OPERATOR -> "An operator of " + settings.brand() + " revoked it.";
            case REPORTED_LEAKED ->
                "A secret scanner reported it found in public, where anyone could copy it, so it was revoked"
                        + " to keep others from using it.";
        };
    }

    private String text(OwnerNotice notice) {
        String where = foundAt(notice)
                .map(url -> "It was found at:\n\n    " + url + "\n\n")
                .orElse("");
        return """
                Hello,

                your %s API key %s… was revoked at %s.

                %s

                %sEvery integration that uses this key has stopped working: its calls are refused from now on.

                A new key is one request away: %s

                %s
                """.formatted(
                        settings.brand(),
                        notice.key().value(),
                        REVOKED_AT.format(notice.revokedAt()),
                        why(notice),
                        where,
                        requestLink(),
                        settings.brand());
    }

    private String html(OwnerNotice notice) {
        // Shown, not linked: the place is the reporter's, and the brand's mail does not send readers there.
        String where = foundAt(notice)
                .map(url -> "<p>It was found at: <code style=\"word-break: break-all;\">" + KeyMailTemplate.escape(url)
                        + "</code></p>\n")
                .orElse("");
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%1$s: your API key was revoked</title></head>
                <body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a;">
                <p>Hello,</p>
                <p>your %1$s API key <code>%2$s…</code> was revoked at %3$s.</p>
                <p>%4$s</p>
                %5$s<p>Every integration that uses this key has stopped working: its calls are refused from now on.</p>
                <p>A new key is one request away: <a href="%6$s">request a new API key</a>.</p>
                <p>%1$s</p>
                </body></html>
                """.formatted(
                        KeyMailTemplate.escape(settings.brand()),
                        KeyMailTemplate.escape(notice.key().value()),
                        REVOKED_AT.format(notice.revokedAt()),
                        KeyMailTemplate.escape(why(notice)),
                        where,
                        KeyMailTemplate.escape(requestLink()));
    }
}
