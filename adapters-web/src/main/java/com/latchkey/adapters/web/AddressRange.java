package com.latchkey.adapters.web;

import io.netty.util.NetUtil;
import java.util.Arrays;

/**
 * One entry of {@code LATCHKEY_TRUSTED_PROXIES}: an address ({@code 192.168.1.7}) or a CIDR range
 * ({@code 10.0.0.0/8}, {@code fd00::/8}), matched on the address bytes. Text becomes bytes by the
 * literal alone (Netty's parser, never a name lookup), so neither a setting nor a forwarded header
 * can make the service ask DNS anything.
 */
final class AddressRange {

    private final byte[] network;
    private final int prefix;

    private AddressRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** Reads {@code address} or {@code address/prefix}; throws IllegalArgumentException saying what is wrong. */
    static AddressRange parse(String entry) {
        int slash = entry.indexOf('/');
        String addressText = slash < 0 ? entry : entry.substring(0, slash);
        byte[] address = addressText.indexOf('%') < 0 ? NetUtil.createByteArrayFromIpAddressString(addressText) : null;
        if (address == null) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
        }
        int bits = address.length * 8;
        int prefix = slash < 0 ? bits : prefixLength(entry, entry.substring(slash + 1), bits);
        if (isIpv4Mapped(address) && prefix >= 96) {
            address = Arrays.copyOfRange(address, 12, 16);
            prefix -= 96;
        }
        for (int bit = prefix; bit < address.length * 8; bit++) {
            if ((address[bit / 8] >> (7 - bit % 8) & 1) != 0) {
                // 192.168.1.7/8 is most likely a typo for /32: trusting all of 192.0.0.0/8 quietly would be worse.
                throw new IllegalArgumentException(
                        "'" + entry + "' has address bits set beyond its /" + prefix + " prefix");
            }
        }
        return new AddressRange(address, prefix);
    }

    /**
     * The bytes of an IPv4 or IPv6 literal, an IPv4 address mapped into IPv6 as its 4 IPv4 bytes,
     * or null if the text is no literal address.
     */
    static byte[] literal(String text) {
        byte[] address = NetUtil.createByteArrayFromIpAddressString(text);
        return address == null ? null : normalized(address);
    }

    /** An IPv4 address mapped into IPv6 (as a dual-stack socket may report it) as its 4 IPv4 bytes. */
    static byte[] normalized(byte[] address) {
        return isIpv4Mapped(address) ? Arrays.copyOfRange(address, 12, 16) : address;
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    private static int prefixLength(String entry, String text, int bits) {
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + entry + "' has no prefix length after the /");
        }
        int prefix = Integer.parseInt(text);
        if (prefix > bits) {
            throw new IllegalArgumentException("'" + entry + "' has a prefix longer than " + bits + " bits");
        }
        return prefix;
    }

    private static boolean isIpv4Mapped(byte[] address) {
        if (address.length != 16 || address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
