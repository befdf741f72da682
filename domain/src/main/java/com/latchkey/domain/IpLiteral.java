package com.latchkey.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * IP address text to bytes and back, by the letter of the literal alone: unlike
 * {@code InetAddress.getByName}, nothing here ever asks a name server, so no text a client sends
 * can make the service look anything up.
 */
final class IpLiteral {

    private IpLiteral() {}

    /** The 4 or 16 bytes an IPv4 or IPv6 literal names (an IPv6 zone is dropped), or null. */
    static byte[] bytes(String text) {
        if (text.indexOf(':') < 0) {
            return ipv4(text);
        }
        int zone = text.indexOf('%');
        return ipv6(zone < 0 ? text : text.substring(0, zone));
    }

    /** Whether these 16 bytes are an IPv4 address mapped into IPv6 ({@code ::ffff:0:0/96}). */
    static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16 || bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Dotted decimal for 4 bytes; for 16, the canonical RFC 5952 text (lower case, longest zero run as ::). */
    static String text(byte[] bytes) {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int gapStart = -1;
        int gapLength = 1; // a single zero group is written out, never as ::
        for (int start = 0; start < 8; start++) {
            int length = 0;
            while (start + length < 8 && groups[start + length] == 0) {
                length++;
            }
            if (length > gapLength) {
                gapStart = start;
                gapLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == gapStart) {
                text.append("::");
                i += gapLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!digits(parts[i], 3, 10)) {
                return null;
            }
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            bytes[i] = (byte) octet;
        }
        return bytes;
    }

    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
        List<Integer> tail = gap < 0 ? List.of() : groups(text.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int count = head.size() + tail.size();
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            put(bytes, i, head.get(i));
        }
        for (int i = 0; i < tail.size(); i++) {
            put(bytes, 8 - tail.size() + i, tail.get(i));
        }
        return bytes;
    }

    /** Colon-separated 16-bit groups; where the text ends the address, its last part may be dotted IPv4. */
    private static List<Integer> groups(String text, boolean endsTheAddress) {
        List<Integer> groups = new ArrayList<>();
        if (text.isEmpty()) {
            return groups;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (endsTheAddress && i == parts.length - 1 && part.indexOf('.') >= 0) {
                byte[] ipv4 = ipv4(part);
                if (ipv4 == null) {
                    return null;
                }
                groups.add((ipv4[0] & 0xff) << 8 | ipv4[1] & 0xff);
                groups.add((ipv4[2] & 0xff) << 8 | ipv4[3] & 0xff);
            } else if (digits(part, 4, 16)) {
                groups.add(Integer.parseInt(part, 16));
            } else {
                return null;
            }
        }
        return groups;
    }

    /** ASCII digits only (Integer.parseInt alone would take a sign and other scripts' digits). */
    private static boolean digits(String part, int maxLength, int radix) {
        if (part.isEmpty() || part.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean decimal = c >= '0' && c <= '9';
            boolean hex = c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!(decimal || radix == 16 && hex)) {
                return false;
            }
        }
        return true;
    }

    private static void put(byte[] bytes, int group, int value) {
        bytes[2 * group] = (byte) (value >> 8);
        bytes[2 * group + 1] = (byte) value;
    }
}
