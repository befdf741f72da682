package com.latchkey.adapters.web;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Plain HTTP against the running server: raw status, headers and bytes, as a client sees them. */
final class Http {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newHttpClient();
    private final URL base;

    Http(URL base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends and waits for the answer; a server that never answers fails the test instead of hanging it. */
    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(ANSWER_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        return post(path, "application/json", body);
    }

    /**
     * One exchange written byte for byte on a new connection, for what java.net.http will not send
     * (a giant header field, a broken request line).
     */
    RawAnswer raw(String request) throws IOException {
        try (RawConnection connection = connect()) {
            connection.send(request);
            return connection.answer();
        }
    }

    /** A plain socket to the server, to write requests on byte for byte and read their answers. */
    RawConnection connect() throws IOException {
        return new RawConnection(new Socket(base.getHost(), base.getPort()));
    }

    static final class RawConnection implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;

        private RawConnection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
        }

        void send(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        /** The next answer: status, header fields (names in lower case) and body, read by its Content-Length. */
        RawAnswer answer() throws IOException {
            String[] head = readHead().split("\\r\\n");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(
                        head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        head[i].substring(colon + 1).strip());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new RawAnswer(
                    Integer.parseInt(head[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
        }

        /**
         * Waits up to {@code wait} for the server to close the connection: true if it did (end of
         * stream or reset), false if it was still open and silent when the wait was over. Anything
         * the server sends meanwhile fails the test.
         */
        boolean closesWithin(Duration wait) throws IOException {
            socket.setSoTimeout((int) wait.toMillis());
            try {
                int next = in.read();
                if (next >= 0) {
                    throw new AssertionError(
                            "the server answered: " + (char) next + new String(in.readNBytes(in.available())));
                }
                return true;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (SocketException reset) {
                return true;
            } finally {
                socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            }
        }

        private String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("the server closed the connection after: " + head);
                }
                head.write(next);
                matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : next == '\r' ? 1 : 0;
            }
            return head.toString(StandardCharsets.ISO_8859_1).strip();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    record RawAnswer(int status, Map<String, String> headers, String body) {}
}
