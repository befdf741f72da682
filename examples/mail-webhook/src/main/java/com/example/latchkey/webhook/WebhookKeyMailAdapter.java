package com.example.latchkey.webhook;

import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.SendKeyMailPort;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code LATCHKEY_ADAPTERS_MAIL=webhook}: each key mail POSTed as JSON
 * ({@code {"to", "subject", "text", "html"}}) to {@code LATCHKEY_WEBHOOK_URL}; a 2xx answer is a
 * mail sent. It keeps the port's promises (the adapter TCK proves them): outcomes told in order,
 * nothing begun after the hand-over deadline, and once the endpoint cannot be reached, the rest of
 * the batch is not sent either (each would wait out the same timeout).
 */
@Context // built at start, so that a wrong LATCHKEY_WEBHOOK_URL stops the start, not the first mail
@Requires(property = "latchkey.adapters.mail", value = "webhook")
@Bean(preDestroy = "close")
final class WebhookKeyMailAdapter implements SendKeyMailPort, AutoCloseable {

    private final URI endpoint;
    private final WebhookSettings settings;
    private final HttpClient client;

    WebhookKeyMailAdapter(WebhookSettings settings) {
        this.endpoint = settings.endpoint();
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
                } catch (IOException lost) {
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

    private KeyMailOutcome post(KeyMail mail) throws IOException, InterruptedException {
        HttpResponse<Void> answer = client.send(
                HttpRequest.newBuilder(endpoint)
                        .timeout(settings.timeout())
                        .header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(json(mail), StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        int status = answer.statusCode();
        return status >= 200 && status < 300 ? new KeyMailOutcome.Sent() : new KeyMailOutcome.NotSent("HTTP " + status);
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
