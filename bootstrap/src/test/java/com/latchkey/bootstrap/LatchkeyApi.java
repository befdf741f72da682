package com.latchkey.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JSON API as a client uses it, over real HTTP, answering raw status and body. */
final class LatchkeyApi {

    static final Pattern KEY = Pattern.compile("eck_[0-9A-Za-z]{38}");
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([0-9a-f-]{36})\"");

    private final HttpClient client = HttpClient.newHttpClient();
    private final URL server;

    LatchkeyApi(URL server) {
        this.server = server;
    }

    HttpResponse<String> requestKey(String name, String email) throws IOException, InterruptedException {
        return post("/api/v1/key-requests", "{\"name\":\"" + name + "\",\"email\":\"" + email + "\"}");
    }

    HttpResponse<String> verify(String email, String apiKey) throws IOException, InterruptedException {
        return post("/api/v1/keys/verify", "{\"email\":\"" + email + "\",\"apiKey\":\"" + apiKey + "\"}");
    }

    HttpResponse<String> me(String apiKey) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(server + "/api/v1/integrations/me"))
                        .header("Authorization", "Bearer " + apiKey)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> revoke(String apiKey) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(server + "/api/v1/keys/revoke"))
                        .header("Authorization", "Bearer " + apiKey)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Any GET, such as {@code /metrics}. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(server + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> status(String requestId) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(server + "/api/v1/key-requests/" + requestId))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the request's status for up to ten seconds until it is {@code expected}; answers the last reply. */
    HttpResponse<String> awaitStatus(String requestId, String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        HttpResponse<String> reply = status(requestId);
        while (!reply.body().contains("\"status\":\"" + expected + "\"") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            reply = status(requestId);
        }
        return reply;
    }

    static String requestIdOf(HttpResponse<String> accepted) {
        Matcher matcher = REQUEST_ID.matcher(accepted.body());
        if (!matcher.find()) {
            throw new AssertionError("no requestId in " + accepted.body());
        }
        return matcher.group(1);
    }

    /** The one key a mail's text holds. */
    static String keyIn(String mailText) {
        Matcher matcher = KEY.matcher(mailText);
        if (!matcher.find()) {
            throw new AssertionError("no key in the mail");
        }
        return matcher.group();
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(server + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
