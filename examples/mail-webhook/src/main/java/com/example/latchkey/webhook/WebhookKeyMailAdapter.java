package com.example.latchkey.webhook;

import com.latchkey.application.port.out.ErasureNotice;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.OwnerNotice;
import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code LATCHKEY_ADAPTERS_MAIL=webhook}: each key mail POSTed as JSON
 * ({@code {"to", "subject", "text", "html"}}) to {@code LATCHKEY_WEBHOOK_URL}; a 2xx answer is a
 * mail sent. Each POST carries {@code Latchkey-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body" under LATCHKEY_WEBHOOK_SECRET>}: the receiver checks it (and that t is recent) before
 * sending anything, so nobody else can have it send mail in the store's name. It keeps the port's promises (the adapter TCK proves them): outcomes told in order,
 * nothing begun after the hand-over deadline, and once the endpoint cannot be reached, the rest of
 * the batch is not sent either (each would wait out the same timeout).
 *
 * <p>Owner notices (a key revoked by an operator, or reported leaked) go to the same URL, signed the
 * same way, as facts for the receiver to word in its own mail:
 *
 * <pre>{@code
 * {"type":"owner-notice","to":"jane@shop.example","keyHint":"eck_Ab3x",
 *  "revokedAt":"2026-11-28T10:15:00Z","reason":"reported-leaked",
 *  "foundAt":"https://github.com/acme/shop/blob/main/.env"}
 * }</pre>
 *
 * {@code reason} is {@code revoked-by-operator} or {@code reported-leaked}; {@code revokedAt} is
 * ISO-8601 UTC; {@code foundAt} (only for {@code reported-leaked}) is present only when the report
 * named an http(s) URL. A key mail has no {@code type}. A notice not answered 2xx within the timeout
 * is an exception to the caller.
 *
 * <p>Owner links (a consent request to decide, a link to manage consents, to export or to erase the
 * owner's data) are posted the same way:
 *
 * <pre>{@code
 * {"type":"owner-link","to":"jane@shop.example","purpose":"CONSENT",
 *  "link":"https://keys.shop.example/consent#ecl_…","expiresAt":"2026-12-01T10:15:00Z",
 *  "integration":"Acme CRM","scopes":[{"scope":"orders:read","words":"see your orders"}]}
 * }</pre>
 *
 * {@code purpose} is {@code CONSENT} (link to {@code /consent}, works once), {@code MANAGE_CONSENTS}
 * ({@code /consents}, works until it expires), {@code EXPORT} or {@code ERASE} ({@code /privacy/export}, {@code /privacy/erase},
 * once). The link carries the token in its fragment: the receiver puts it in the mail and nowhere
 * else (no log, no other URL). {@code integration} and {@code scopes} (the operator's words) come
 * only with {@code CONSENT}. A link not answered 2xx within the timeout is an exception to the caller.
 */
@Context // built at start, so that a wrong LATCHKEY_WEBHOOK_URL stops the start, not the first mail
@Requires(property = "latchkey.adapters.mail", value = "webhook")
@Bean(preDestroy = "close")
final class WebhookKeyMailAdapter
        implements SendKeyMailPort, SendOwnerNoticePort, SendErasureNoticePort, SendOwnerLinkPort, AutoCloseable {

    static final String SIGNATURE = "Latchkey-Signature";

    private final URI endpoint;
    private final WebhookSettings settings;
    private final SecretKeySpec signingKey;
    private final HttpClient client;
    private final String publicUrl;

    WebhookKeyMailAdapter(
            WebhookSettings settings,
            @Property(name = "latchkey.public-url", defaultValue = "http://localhost:8080") String publicUrl) {
        // As the service writes its own links: without a trailing slash, so a page is never "//consent".
        this.publicUrl = publicUrl.strip().replaceAll("/+$", "");
        this.endpoint = settings.endpoint();
        this.signingKey = new SecretKeySpec(settings.signingKey(), "HmacSHA256");
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void send(List<KeyMail> mails, Instant handOverBefore, Consumer<KeyMailOutcome> outcomes) {
        String unreachable = null;
        for (KeyMail mail : mails) {
            if (unreachable != null) {
                outcomes.accept(new KeyMailOutcome.NotSent(unreachable));
            } else if (!Instant.now().isBefore(handOverBefore)) {
                outcomes.accept(new KeyMailOutcome.NotBegun());
            } else {
                KeyMailOutcome outcome;
                try {
                    outcome = post(mail);
                } catch (IOException | TimeoutException lost) {
                    // The reason is the kind of failure only: messages may quote the request.
                    unreachable = lost.getClass().getSimpleName();
                    outcome = new KeyMailOutcome.NotSent(unreachable);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    unreachable = "Interrupted";
                    outcome = new KeyMailOutcome.NotSent(unreachable);
                }
                outcomes.accept(outcome);
            }
        }
    }

    @Override
    public void send(OwnerNotice notice) {
        int status;
        try {
            status = post(json(notice));
        } catch (IOException | TimeoutException lost) {
            throw notSent(notice, lost.getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw notSent(notice, "Interrupted");
        }
        if (status < 200 || status >= 300) {
            throw notSent(notice, "HTTP " + status);
        }
    }

    @Override
    public void send(ErasureNotice notice) {
        int status;
        try {
            status = post(json(notice));
        } catch (IOException | TimeoutException lost) {
            throw erasureNotSent(notice, lost.getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw erasureNotSent(notice, "Interrupted");
        }
        if (status < 200 || status >= 300) {
            throw erasureNotSent(notice, "HTTP " + status);
        }
    }

    @Override
    public void send(OwnerLinkMail mail) {
        int status;
        try {
            status = post(json(mail, publicUrl));
        } catch (IOException | TimeoutException lost) {
            throw linkNotSent(mail, lost.getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw linkNotSent(mail, "Interrupted");
        }
        if (status < 200 || status >= 300) {
            throw linkNotSent(mail, "HTTP " + status);
        }
    }

    /** Named like a notice: the purpose, the masked address and the kind of failure, never the token. */
    private static IllegalStateException linkNotSent(OwnerLinkMail mail, String reason) {
        return new IllegalStateException(
                "owner link (" + mail.purpose() + ") to " + mail.to().masked() + " not sent: " + reason);
    }

    /** The facts of a link mail: the link (the token in its fragment only), and for consent who asks for what. */
    static String json(OwnerLinkMail mail, String publicUrl) {
        String page = switch (mail.purpose()) {
            case CONSENT -> "/consent";
            case MANAGE_CONSENTS -> "/consents";
            case EXPORT -> "/privacy/export";
            case ERASE -> "/privacy/erase";
        };
        StringBuilder json = new StringBuilder("{\"type\":\"owner-link\"")
                .append(",\"to\":")
                .append(quoted(mail.to().value()))
                .append(",\"purpose\":")
                .append(quoted(mail.purpose().name()))
                .append(",\"link\":")
                .append(quoted(publicUrl + page + "#" + mail.token().reveal()))
                .append(",\"expiresAt\":")
                .append(quoted(mail.expiresAt().toString()));
        mail.integration().ifPresent(name -> json.append(",\"integration\":").append(quoted(name.value())));
        if (!mail.scopes().isEmpty()) {
            json.append(",\"scopes\":[");
            for (int i = 0; i < mail.scopes().size(); i++) {
                OwnerLinkMail.AskedScope scope = mail.scopes().get(i);
                json.append(i == 0 ? "" : ",")
                        .append("{\"scope\":")
                        .append(quoted(scope.scope()))
                        .append(",\"words\":")
                        .append(quoted(scope.words()))
                        .append('}');
            }
            json.append(']');
        }
        return json.append('}').toString();
    }

    /** Names the masked address and the kind of failure only, with no cause: a message may quote the request. */
    private static IllegalStateException notSent(OwnerNotice notice, String reason) {
        return new IllegalStateException("owner notice to " + notice.to().masked() + " not sent: " + reason);
    }

    private static IllegalStateException erasureNotSent(ErasureNotice notice, String reason) {
        return new IllegalStateException(
                "erasure confirmation to " + notice.to().masked() + " not sent: " + reason);
    }

    private KeyMailOutcome post(KeyMail mail) throws IOException, InterruptedException, TimeoutException {
        int status = post(json(mail));
        return status >= 200 && status < 300 ? new KeyMailOutcome.Sent() : new KeyMailOutcome.NotSent("HTTP " + status);
    }

    /**
     * POSTs one body, signed, and waits at most the timeout for the whole answer: the request timeout
     * alone ends at the answer's head, and an endpoint trickling its body would hold the batch past its lease.
     */
    private int post(String body) throws IOException, InterruptedException, TimeoutException {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        CompletableFuture<HttpResponse<Void>> sending = client.sendAsync(
                HttpRequest.newBuilder(endpoint)
                        .timeout(settings.timeout())
                        .header("Content-Type", "application/json; charset=utf-8")
                        .header(SIGNATURE, "t=" + timestamp + ",v1=" + sign(timestamp + "." + body))
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> answer;
        try {
            answer = sending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            sending.cancel(true);
            throw slow;
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof IOException io
                    ? io
                    : new IOException(failed.getCause().getClass().getSimpleName());
        }
        return answer.statusCode();
    }

    private String sign(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey);
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is unavailable", impossible);
        }
    }

    static String json(KeyMail mail) {
        String subject = "Your API key";
        String text = "Your API key: " + mail.key().reveal() + "\n\nVerify it before " + mail.verifyBefore()
                + ", or it stops working. Keep it private: do not share it with anyone.\n";
        String html = "<p>Your API key: <code>" + mail.key().reveal() + "</code></p><p>Verify it before "
                + mail.verifyBefore() + ", or it stops working. Keep it private: do not share it with anyone.</p>";
        return "{\"to\":" + quoted(mail.to().value()) + ",\"subject\":" + quoted(subject) + ",\"text\":" + quoted(text)
                + ",\"html\":" + quoted(html) + "}";
    }

    static String json(ErasureNotice notice) {
        return "{\"type\":\"erasure-notice\",\"to\":" + quoted(notice.to().value()) + ",\"erasedAt\":"
                + quoted(notice.erasedAt().toString()) + ",\"keysRevoked\":" + notice.keysRevoked() + "}";
    }

    static String json(OwnerNotice notice) {
        String reason = switch (notice.reason()) {
            case REVOKED_BY_OPERATOR -> "revoked-by-operator";
            case REPORTED_LEAKED -> "reported-leaked";
        };
        StringBuilder json = new StringBuilder("{\"type\":\"owner-notice\"")
                .append(",\"to\":")
                .append(quoted(notice.to().value()))
                .append(",\"keyHint\":")
                .append(quoted(notice.key().value()))
                .append(",\"revokedAt\":")
                .append(quoted(notice.revokedAt().toString()))
                .append(",\"reason\":")
                .append(quoted(reason));
        foundAt(notice).ifPresent(url -> json.append(",\"foundAt\":").append(quoted(url)));
        return json.append('}').toString();
    }

    /**
     * Where a leak report says the key was found, only if it is an absolute http(s) URL with a host
     * and no user part: a receiver that puts it in a mail must never be handed a {@code javascript:}
     * address, or {@code https://brand.example@elsewhere}, which reads as the brand's. In ASCII, so
     * that no look-alike character disguises where it points.
     */
    static Optional<String> foundAt(OwnerNotice notice) {
        return notice.foundAt()
                .filter(uri -> {
                    String scheme =
                            uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    return uri.isAbsolute()
                            && (scheme.equals("http") || scheme.equals("https"))
                            && uri.getHost() != null
                            && uri.getRawUserInfo() == null;
                })
                .map(URI::toASCIIString);
    }

    /** A JSON string: quotes, backslashes and every control character escaped. */
    static String quoted(String value) {
        StringBuilder json = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
