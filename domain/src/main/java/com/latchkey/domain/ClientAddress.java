package com.latchkey.domain;

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

    @Override
    public String toString() {
        return value;
    }
}
