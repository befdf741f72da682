package com.latchkey.domain;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The network address a call came from (IPv4 or IPv6 text), as the edge determined it; or, as the
 * audit trail keeps it, the network it lies in ({@code 198.51.100.0/24}, see {@link #forAudit()}).
 */
public record ClientAddress(String value) {

    private static final Pattern IP_TEXT = Pattern.compile("[0-9A-Fa-f:.%]{2,64}(/[0-9]{1,3})?");
    private static final int AUDIT_IPV4_PREFIX = 24;
    private static final int AUDIT_IPV6_PREFIX = 48;
    public static final ClientAddress UNKNOWN = new ClientAddress("unknown");

    public ClientAddress {
        if (value == null || !(value.equals("unknown") || IP_TEXT.matcher(value).matches())) {
            throw new IllegalArgumentException("a client address is an IP address");
        }
    }

    /**
     * What rate limits count per client: an IPv4 address itself; for IPv6, the /64 it lies in, as
     * canonical text ({@code 2001:db8:1:2::/64}). One subscriber or host is handed a whole /64
     * (RFC 6177), so counting per full IPv6 address would give one client 2^64 fresh buckets.
     * An IPv4 address mapped into IPv6 ({@code ::ffff:198.51.100.7}) counts as that IPv4 address,
     * however it is spelled. {@link #UNKNOWN} and any text that is no literal address stay as they are.
     */
    public String limitSubject() {
        byte[] bytes = IpLiteral.bytes(value);
        if (bytes == null) {
            return value;
        }
        if (IpLiteral.isIpv4Mapped(bytes)) {
            return IpLiteral.text(Arrays.copyOfRange(bytes, 12, 16));
        }
        if (bytes.length == 4) {
            return IpLiteral.text(bytes);
        }
        Arrays.fill(bytes, 8, 16, (byte) 0);
        return IpLiteral.text(bytes) + "/64";
    }

    /**
     * The address as the audit trail keeps it (personal data, kept only as far as needed): an IPv4
     * address as its /24 ({@code 198.51.100.0/24}), an IPv6 address as its /48 in canonical text
     * ({@code 2001:db8:1::/48}), an IPv4 address mapped into IPv6 as that IPv4 address's /24.
     * {@link #UNKNOWN}, a network already truncated and any text that is no literal address stay as
     * they are, so truncating twice changes nothing.
     */
    public ClientAddress forAudit() {
        byte[] bytes = IpLiteral.bytes(value);
        if (bytes == null) {
            return this;
        }
        if (IpLiteral.isIpv4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes.length == 4) {
            bytes[3] = 0;
            return new ClientAddress(IpLiteral.text(bytes) + "/" + AUDIT_IPV4_PREFIX);
        }
        Arrays.fill(bytes, AUDIT_IPV6_PREFIX / 8, 16, (byte) 0);
        return new ClientAddress(IpLiteral.text(bytes) + "/" + AUDIT_IPV6_PREFIX);
    }

    @Override
    public String toString() {
        return value;
    }
}
