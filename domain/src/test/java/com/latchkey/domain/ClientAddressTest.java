package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {

    @Test
    void anIpv4ClientIsLimitedByItsOwnAddress() {
        assertThat(new ClientAddress("203.0.113.7").limitSubject()).isEqualTo("203.0.113.7");
        assertThat(new ClientAddress("203.0.113.8").limitSubject()).isNotEqualTo("203.0.113.7");
    }

    @Test
    void everyAddressOfOneIpv6Slash64SharesOneSubject() {
        String first = new ClientAddress("2001:db8:1:2::1").limitSubject();
        String last = new ClientAddress("2001:db8:1:2:ffff:ffff:ffff:ffff").limitSubject();
        String random = new ClientAddress("2001:db8:1:2:8a2e:370:7334:1").limitSubject();

        assertThat(first).isEqualTo("2001:db8:1:2::/64").isEqualTo(last).isEqualTo(random);
    }

    @Test
    void neighbouringSlash64sAreApart() {
        assertThat(new ClientAddress("2001:db8:1:3::1").limitSubject())
                .isEqualTo("2001:db8:1:3::/64")
                .isNotEqualTo(new ClientAddress("2001:db8:1:2::1").limitSubject());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "2001:db8:1:2::1",
                "2001:0DB8:0001:0002:0000:0000:0000:0001",
                "2001:db8:1:2:0:0:0:1", // how Java prints a peer's address
                "2001:db8:1:2::1%3", // with a zone
                "2001:db8:1:2:0:0:0.0.0.1"
            })
    void oneSlash64HasOneSubjectHoweverItIsSpelled(String spelling) {
        assertThat(new ClientAddress(spelling).limitSubject()).isEqualTo("2001:db8:1:2::/64");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"::ffff:198.51.100.7", "0:0:0:0:0:ffff:c633:6407", "::FFFF:C633:6407"})
    void anIpv4AddressMappedIntoIpv6IsLimitedAsThatIpv4Address(String mapped) {
        assertThat(new ClientAddress(mapped).limitSubject()).isEqualTo("198.51.100.7");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "::1, ::/64",
        "0:0:0:0:0:0:0:1, ::/64",
        "2001:0:0:0:1::, 2001::/64",
        "2001:db8:0:0:1::, 2001:db8::/64",
        "2001:0:db8:0:1::, 2001:0:db8::/64",
        "fe80::1, fe80::/64",
        "64:ff9b::198.51.100.7, 64:ff9b::/64"
    })
    void theSlash64IsWrittenInCanonicalText(String address, String subject) {
        assertThat(new ClientAddress(address).limitSubject()).isEqualTo(subject);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unknown", "::::", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1:2:3:4:5:6:7:8:9", "1::2::3"})
    void whatIsNoLiteralAddressIsItsOwnSubject(String text) {
        assertThat(new ClientAddress(text).limitSubject()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "198.51.100.7, 198.51.100.0/24",
        "198.51.100.255, 198.51.100.0/24",
        "10.0.0.1, 10.0.0.0/24",
        "2001:db8:1:2::1, 2001:db8:1::/48",
        "2001:0DB8:0001:ffff:0000:0000:0000:0001, 2001:db8:1::/48",
        "2001:db8:1:2::1%3, 2001:db8:1::/48",
        "2001:db8:0:5::7, 2001:db8::/48",
        "::1, ::/48",
        "fe80::1, fe80::/48",
        "::ffff:198.51.100.7, 198.51.100.0/24",
        "0:0:0:0:0:ffff:c633:6407, 198.51.100.0/24"
    })
    void theAuditKeepsAnIpv4AddressAsItsSlash24AndAnIpv6AddressAsItsSlash48(String address, String kept) {
        assertThat(new ClientAddress(address).forAudit()).isEqualTo(new ClientAddress(kept));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"198.51.100.0/24", "2001:db8:1::/48", "unknown", "1.2.3"})
    void whatIsAlreadyTruncatedOrNoLiteralAddressStaysAsItIs(String text) {
        assertThat(new ClientAddress(text).forAudit().value()).isEqualTo(text);
    }

    @Test
    void theAuditsFormNeverHoldsTheHostPart() {
        assertThat(new ClientAddress("203.0.113.77").forAudit().value()).doesNotContain("77");
        assertThat(new ClientAddress("2001:db8:1:2:8a2e:370:7334:abcd")
                        .forAudit()
                        .value())
                .doesNotContain("8a2e")
                .doesNotContain("abcd")
                .doesNotContain(":2:");
        assertThat(ClientAddress.UNKNOWN.forAudit()).isEqualTo(ClientAddress.UNKNOWN);
    }
}
