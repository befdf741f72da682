package com.latchkey.adapters.mail;

import com.latchkey.application.port.out.KeyMail;
import io.micronaut.email.Contact;
import io.micronaut.email.Email;
import io.micronaut.email.MultipartBody;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The key mail, as text and as HTML: the key, how to verify it, when it stops working, and the warning.
 * Every word is the brand's: the requester's name is never echoed, neither in the {@code To:} header
 * nor in the body, because anyone may ask for a key for any address and would otherwise send their
 * own text (a phishing line, say) to that inbox in a genuine branded mail.
 */
final class KeyMailTemplate {

    static final String PRIVACY_WARNING = "Keep your API key private. Do not share it with anyone.";
    private static final DateTimeFormatter EXPIRY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final MailSettings settings;

    KeyMailTemplate(MailSettings settings) {
        this.settings = settings;
    }

    Email.Builder compose(KeyMail mail) {
        return Email.builder()
                .from(new Contact(settings.from(), settings.brand()))
                .to(new Contact(mail.to().value()))
                .subject("Your " + settings.brand() + " API key")
                .body(new MultipartBody(html(mail), text(mail)));
    }

    /**
     * The verify page, without the address: a link that names its recipient lands in browser
     * history, proxy and server logs and referrers; the page asks for the email instead.
     */
    String verifyLink() {
        return settings.publicUrl() + "/verify";
    }

    private String text(KeyMail mail) {
        return """
                Hello,

                here is the %s API key you asked for:

                    %s

                To verify it, open %s
                and enter your email and this key. Until it is verified, the key stops working at %s.

                %s

                If you did not ask for a key, you can ignore this mail: nothing changes until the key is verified.

                %s
                """.formatted(
                        settings.brand(),
                        mail.key().reveal(),
                        verifyLink(),
                        EXPIRY.format(mail.verifyBefore()),
                        PRIVACY_WARNING,
                        settings.brand());
    }

    private String html(KeyMail mail) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Your %1$s API key</title></head>
                <body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a;">
                <p>Hello,</p>
                <p>here is the %1$s API key you asked for:</p>
                <p style="font-family: monospace; font-size: 1.1em; padding: 0.5em; background: #f2f2f2;">%2$s</p>
                <p><a href="%3$s">Verify your API key</a> by entering your email and this key.
                Until it is verified, the key stops working at %4$s.</p>
                <p><strong>%5$s</strong></p>
                <p>If you did not ask for a key, you can ignore this mail: nothing changes until the key is verified.</p>
                <p>%1$s</p>
                </body></html>
                """.formatted(
                        escape(settings.brand()),
                        escape(mail.key().reveal()),
                        escape(verifyLink()),
                        EXPIRY.format(mail.verifyBefore()),
                        PRIVACY_WARNING);
    }

    /** Text made safe inside HTML elements and quoted attributes; the owner notice escapes with it too. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
