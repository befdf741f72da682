package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pages as served: brand filled in, no inline code, a strict CSP. Their behaviour is tested in a browser. */
@MicronautTest
class PagesTest {

    @Inject
    EmbeddedServer server;

    @Test
    void pagesCarryTheBrandAndAStrictPolicyWithoutInlineCode() throws Exception {
        Http http = new Http(server.getURL());
        for (String path : List.of("/", "/request", "/verify", "/consent", "/consents", "/privacy")) {
            HttpResponse<String> page = http.get(path);

            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .contains(SecurityHeadersHandler.PAGE_POLICY);
            assertThat(SecurityHeadersHandler.PAGE_POLICY).doesNotContain("unsafe-inline");
            assertThat(page.body())
                    .contains("Acme Shops")
                    .doesNotContain("{{")
                    .doesNotContain("<script>")
                    .doesNotContain("style=")
                    .doesNotContain("onclick");
        }
        assertThat(http.get("/request").body()).contains("Send Request").contains("Business email");
        assertThat(http.get("/verify").body()).contains(">Verify<").contains("API key");
        assertThat(http.get("/consent").body()).contains(">Approve<").contains(">Deny<");
        assertThat(http.get("/consents").body()).contains("Send me a link").contains("/api/v1/owner-links");
        assertThat(http.get("/").body()).contains("href=\"/consents\"");
        assertThat(http.get("/privacy").body())
                .as("the inventory, escaped")
                .contains("Key request", "your name &amp; &lt;email&gt;", "30 days", "personal data")
                .doesNotContain("<email>");
    }

    @Test
    void assetsAreServedWithTheirTypes() throws Exception {
        Http http = new Http(server.getURL());

        assertThat(http.get("/assets/latchkey.css").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
        assertThat(http.get("/assets/latchkey.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(http.get("/assets/../application.yml").statusCode()).isEqualTo(404);
        assertThat(http.get("/assets/missing.js").statusCode()).isEqualTo(404);
    }
}
