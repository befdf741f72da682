package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangeTest {

    private static boolean contains(String range, String address) {
        return AddressRange.parse(range).contains(AddressRange.literal(address));
    }

    @Test
    void anIpv4RangeHoldsExactlyItsAddresses() {
        assertThat(contains("10.0.0.0/8", "10.0.0.0")).isTrue();
        assertThat(contains("10.0.0.0/8", "10.255.255.255")).isTrue();
        assertThat(contains("10.0.0.0/8", "11.0.0.0")).isFalse();
        assertThat(contains("10.0.0.0/8", "9.255.255.255")).isFalse();
        // a prefix that ends inside a byte
        assertThat(contains("172.16.0.0/12", "172.31.255.255")).isTrue();
        assertThat(contains("172.16.0.0/12", "172.32.0.0")).isFalse();
        assertThat(contains("172.16.0.0/12", "172.15.255.255")).isFalse();
    }

    @Test
    void anIpv6RangeHoldsExactlyItsAddresses() {
        assertThat(contains("fd00::/8", "fd00::1")).isTrue();
        assertThat(contains("fd00::/8", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
                .isTrue();
        assertThat(contains("fd00::/8", "fe00::")).isFalse();
        assertThat(contains("2001:db8::/33", "2001:db8:7fff::1")).isTrue();
        assertThat(contains("2001:db8::/33", "2001:db8:8000::1")).isFalse();
    }

    @Test
    void aSingleAddressHoldsOnlyItselfInEitherFamily() {
        assertThat(contains("192.168.1.7", "192.168.1.7")).isTrue();
        assertThat(contains("192.168.1.7", "192.168.1.8")).isFalse();
        assertThat(contains("::1", "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(contains("0.0.0.0/0", "2001:db8::1"))
                .as("an IPv4 range holds no IPv6 address")
                .isFalse();
        assertThat(contains("::/0", "198.51.100.7"))
                .as("an IPv6 range holds no IPv4 address")
                .isFalse();
    }

    @Test
    void ipv4MappedIpv6IsTheIpv4Address() {
        assertThat(contains("10.0.0.0/8", "::ffff:10.1.2.3")).isTrue();
        assertThat(contains("::ffff:10.0.0.0/104", "10.1.2.3")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "proxy.internal", // a name: never looked up
                "localhost",
                "cafe.be", // hex letters and dots: still a name
                "1.2.3",
                "10.0.0.0/33",
                "fd00::/129",
                "10.0.0.0/",
                "10.0.0.0/x",
                "10.0.0.0/-1",
                "10.0.0.0/8/8",
                "10.0.0.1/8", // host bits set: a typo for /32 would trust a /8
                "fe80::1%eth0"
            })
    void whatIsNoAddressOrRangeStopsTheStartNamingTheSetting(String entry) {
        assertThatThrownBy(() -> new ClientAddressResolver("127.0.0.1, " + entry))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("LATCHKEY_TRUSTED_PROXIES must be a comma-separated list of IP addresses"
                        + " and CIDR ranges such as 10.0.0.0/8, 192.168.1.7, fd00::/8: '" + entry + "'")
                .hasMessageNotContaining("\n");
    }
}
