package com.latchkey.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The consent API as an integration and an owner's pages call it (SPEC §8). */
final class ConsentClient {

    /** A link in a mail: the page's path, then the token in the fragment. */
    static final Pattern LINK =
            Pattern.compile("/(consent|consents|privacy/export|privacy/erase)#(ecl_[0-9A-Za-z]{38})");

    private final HttpClient client = HttpClient.newHttpClient();
    private final URL server;

    ConsentClient(URL server) {
        this.server = server;
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> requestConsent(String id, String secret, String apiKey, String... scopes)
            throws IOException, InterruptedException {
        return post(
                "/api/v1/consent-requests",
                basic(id, secret),
                "{\"apiKey\":\"" + apiKey + "\",\"scopes\":[" + quoted(scopes) + "]}");
    }

    HttpResponse<String> access(String id, String secret, String apiKey) throws IOException, InterruptedException {
        return post("/api/v1/integrations/access", basic(id, secret), "{\"apiKey\":\"" + apiKey + "\"}");
    }

    HttpResponse<String> preview(String token) throws IOException, InterruptedException {
        return post("/api/v1/consent-decisions/preview", null, "{\"token\":\"" + token + "\"}");
    }

    HttpResponse<String> decide(String token, String decision) throws IOException, InterruptedException {
        return post(
                "/api/v1/consent-decisions", null, "{\"token\":\"" + token + "\",\"decision\":\"" + decision + "\"}");
    }

    HttpResponse<String> ownerLink(String email) throws IOException, InterruptedException {
        return post("/api/v1/owner-links", null, "{\"email\":\"" + email + "\",\"purpose\":\"MANAGE_CONSENTS\"}");
    }

    HttpResponse<String> ownerLink(String email, String purpose) throws IOException, InterruptedException {
        return post("/api/v1/owner-links", null, "{\"email\":\"" + email + "\",\"purpose\":\"" + purpose + "\"}");
    }

    HttpResponse<String> export(String token) throws IOException, InterruptedException {
        return post("/api/v1/owner-data/export", null, "{\"token\":\"" + token + "\"}");
    }

    HttpResponse<String> erase(String token) throws IOException, InterruptedException {
        return post("/api/v1/owner-data/erase", null, "{\"token\":\"" + token + "\"}");
    }

    HttpResponse<String> list(String token) throws IOException, InterruptedException {
        return post("/api/v1/consents/list", null, "{\"token\":\"" + token + "\"}");
    }

    HttpResponse<String> withdraw(String token, String integrationId) throws IOException, InterruptedException {
        return post(
                "/api/v1/consents/withdraw",
                null,
                "{\"token\":\"" + token + "\",\"integrationId\":\"" + integrationId + "\"}");
    }

    /** The token of the one owner link in a mail's text, if it leads to {@code page}. */
    static String tokenIn(String mailText, String page) {
        Matcher link = LINK.matcher(mailText);
        while (link.find()) {
            if (link.group(1).equals(page)) {
                return link.group(2);
            }
        }
        throw new AssertionError("no /" + page + "# link in the mail");
    }

    private static String quoted(String... values) {
        StringBuilder json = new StringBuilder();
        for (String value : values) {
            json.append(json.isEmpty() ? "" : ",").append('"').append(value).append('"');
        }
        return json.toString();
    }

    private HttpResponse<String> post(String path, String authorization, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
