package com.latchkey.domain;

import java.util.Arrays;
import java.util.regex.Pattern;

/** The network address a call came from (IPv4 or IPv6 text), as the edge determined it. */
public record ClientAddress(String value) {

    private static final Pattern IP_TEXT = Pattern.compile("[0-9A-Fa-f:.%]{2,64}");
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

    @Override
    public String toString() {
        return value;
    }
}
