package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behind a trusted proxy, the client is the right-most address the proxies forwarded that is not one of them. */
@MicronautTest
@Property(name = "latchkey.trusted-proxies", value = "127.0.0.0/8, 10.0.0.0/8, 192.168.1.7, fd00::/8")
class TrustedProxyTest {

    @Inject
    EmbeddedServer server;

    @Inject
    FakeUseCases useCases;

    private String clientSeenFor(String forwardedFor) throws Exception {
        useCases.presented.clear();
        Http http = new Http(server.getURL());
        http.send(HttpRequest.newBuilder(http.uri("/api/v1/integrations/me"))
                .header("Authorization", "Bearer x")
                .header("X-Forwarded-For", forwardedFor));
        return useCases.presented.get(0).client().value();
    }

    @Test
    void forwardedForIsBelievedFromATrustedPeer() throws Exception {
        assertThat(clientSeenFor("203.0.113.50, 198.51.100.7, 127.0.0.1")).isEqualTo("198.51.100.7");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // proxies inside trusted ranges are skipped, IPv4 and IPv6
                "203.0.113.50, 198.51.100.7, 10.20.30.40, 10.255.255.255 | 198.51.100.7",
                "198.51.100.7, 192.168.1.7                               | 198.51.100.7",
                "2001:db8:1:2::7, fd12:3456::1, fdff:ffff::1              | 2001:db8:1:2:0:0:0:7",
                // an IPv4 proxy written as IPv4-mapped IPv6 is the same proxy
                "198.51.100.7, ::ffff:10.0.0.9                           | 198.51.100.7",
                // just outside a range, or beside a single trusted address, is a client
                "198.51.100.7, 11.0.0.1                                  | 11.0.0.1",
                "198.51.100.7, 192.168.1.8                               | 192.168.1.8",
                "198.51.100.7, fe00::1                                   | fe00:0:0:0:0:0:0:1",
                // one spelling per address, however the proxy wrote it
                "2001:DB8:0001:0002:0:0:0:0007                           | 2001:db8:1:2:0:0:0:7",
                // with the client's port, as Azure Application Gateway and IIS ARR write it
                "203.0.113.7:51234                                       | 203.0.113.7",
                "[2001:db8::1]:443                                       | 2001:db8:0:0:0:0:0:1",
                "[2001:db8::1]                                           | 2001:db8:0:0:0:0:0:1",
                "198.51.100.7, 203.0.113.7:51234, 10.0.0.9:8080          | 203.0.113.7",
                "198.51.100.7, [fd00::9]:443                             | 198.51.100.7",
                // what the nearest untrusted hop wrote is no address: the proxy is the client
                "198.51.100.7, not-an-address                            | 127.0.0.1",
                "198.51.100.7, 203.0.113.7:99999                         | 127.0.0.1",
                "198.51.100.7, 2001:db8::1:443                           | 2001:db8:0:0:0:0:1:443"
            })
    void proxiesInTrustedRangesAreSkipped(String forwardedFor, String client) throws Exception {
        assertThat(clientSeenFor(forwardedFor)).isEqualTo(client);
    }
}
