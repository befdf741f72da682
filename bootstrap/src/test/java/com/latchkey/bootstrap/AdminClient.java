package com.latchkey.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The admin API as an operator's script calls it: with a bearer token (or none). */
final class AdminClient {

    private final HttpClient client = HttpClient.newHttpClient();
    private final URL server;
    private final String token;
    private final String forwardedFor;

    AdminClient(URL server, String token) {
        this(server, token, null);
    }

    /** Calls as if from {@code forwardedFor}, through a proxy the service trusts. */
    AdminClient(URL server, String token, String forwardedFor) {
        this.server = server;
        this.token = token;
        this.forwardedFor = forwardedFor;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + "/admin/api/v1" + path))
                .timeout(Duration.ofSeconds(20));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
