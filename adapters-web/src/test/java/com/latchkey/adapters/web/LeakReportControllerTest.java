package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leak reports reach the use case as the bytes that were signed, up to 1 MiB, where every other route stops at 16 KiB. */
@MicronautTest
class LeakReportControllerTest {

    @Inject
    EmbeddedServer server;

    @Inject
    FakeLeakReports leaks;

    private Http http;

    @BeforeEach
    void setUp() {
        http = new Http(server.getURL());
        leaks.reports.clear();
    }

    private HttpResponse<String> report(String body, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(http.uri("/api/v1/leaks"))
                .header("Content-Type", "application/json")
                .header(
                        "Github-Public-Key-Identifier",
                        "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a")
                .header("Github-Public-Key-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aSignedReportIsAnsweredInGitHubsShapeFromTheBytesAsSent() throws Exception {
        String body =
                "[{\"token\":\"eck_found\",\"type\":\"latchkey_api_key\",\"url\":\"https://github.com/a/b/blob/main/x\","
                        + "\"source\":\"content\",\"added_later\":1},  {\"token\":\"nope\",\"type\":\"t\",\"url\":\"javascript:x\",\"source\":\"s\"}]";

        HttpResponse<String> response = report(body, "good");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo(
                        "[{\"token_raw\":\"eck_found\",\"token_type\":\"latchkey_api_key\",\"label\":\"true_positive\"},"
                                + "{\"token_raw\":\"nope\",\"token_type\":\"t\",\"label\":\"false_positive\"}]");
        var report = leaks.reports.getFirst();
        assertThat(new String(report.body(), StandardCharsets.UTF_8))
                .as("the bytes as signed")
                .isEqualTo(body);
        assertThat(report.tokens().get().orElseThrow().get(0).url())
                .hasValueSatisfying(url -> assertThat(url.getHost()).isEqualTo("github.com"));
        assertThat(report.tokens().get().orElseThrow().get(1).url())
                .as("only a web address is kept")
                .isEmpty();
    }

    @Test
    void anUnsignedReportIs401AndABodyThatIsNoReportIs400OnceSigned() throws Exception {
        HttpResponse<String> unsigned = report("[{\"token\":\"eck_x\"}]", "bad");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("\"code\":\"INVALID_SIGNATURE\"");

        HttpResponse<String> notAReport = report("{\"token\":\"eck_x\"}", "good");
        assertThat(notAReport.statusCode()).isEqualTo(400);
        assertThat(notAReport.body()).contains("\"code\":\"MALFORMED_REQUEST\"");
        assertThat(leaks.reports.get(1).tokens().get()).isEmpty();
    }

    @Test
    void aReportUpTo1MibIsTakenAndOneByteMoreIs413() throws Exception {
        String padding = "[{\"token\":\"eck_x\",\"type\":\"t\",\"url\":\"https://e.example/\",\"source\":\"";
        String big = padding + "x".repeat(600 * 1024) + "\"}]";
        assertThat(report(big, "good").statusCode()).isEqualTo(200);

        String tooBig = padding + "x".repeat(LeakReportController.MAX_BODY - padding.length() - 2) + "\"}]";
        assertThat(tooBig.length()).isEqualTo(LeakReportController.MAX_BODY + 1);
        HttpResponse<String> refused = report(tooBig, "good");
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("larger than 1 MiB");
        assertThat(refused.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(leaks.reports).hasSize(1);
    }

    @Test
    void everyOtherRouteStopsAt16KibBeforeAnyUseCaseSeesIt() throws Exception {
        HttpResponse<String> refused =
                http.postJson("/api/v1/keys/verify", "{\"email\":\"" + "x".repeat(16 * 1024) + "\"}");

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"").contains("larger than 16 KiB");
        assertThat(refused.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void aChunkedBodyThatRunsPast16KibClosesTheConnection() throws Exception {
        try (Http.RawConnection connection = http.connect()) {
            connection.send("POST /api/v1/key-requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            String chunk = "x".repeat(4096);
            for (int i = 0; i < 5; i++) {
                connection.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            }

            assertThat(connection.closesWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aCompressedBodyIsRefusedBeforeAnythingUnpacksIt() throws Exception {
        java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(packed)) {
            gzip.write(("{\"email\":\"" + "x".repeat(512 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(packed.size()).as("well under the bound, packed").isLessThan(16 * 1024);

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(http.uri("/api/v1/keys/verify"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(packed.toByteArray())));

        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(refused.body()).contains("\"code\":\"UNSUPPORTED_MEDIA_TYPE\"");
    }

    @Test
    void aContentLengthThatIsNoNumberIs400() throws Exception {
        Http.RawAnswer answer =
                http.raw("POST /api/v1/keys/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 12abc\r\n\r\n{}");

        assertThat(answer.status()).isEqualTo(400);
    }
}
