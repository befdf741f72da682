package com.latchkey.adapters.web;

import com.latchkey.domain.ClientAddress;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which address a call came from: the peer's, unless the peer is a trusted proxy
 * ({@code LATCHKEY_TRUSTED_PROXIES}: addresses and CIDR ranges), in which case the right-most
 * address of {@code X-Forwarded-For} that is not a trusted proxy. By default no proxy is trusted, so
 * a client cannot pick its own address. Built at start, so a malformed setting stops the start.
 */
@Context
class ClientAddressResolver {

    private static final Logger LOG = LoggerFactory.getLogger(ClientAddressResolver.class);
    private static final int QUOTED_LENGTH = 40;

    private final List<AddressRange> trustedProxies;
    /** A proxy that writes no addresses writes none on every call: one line tells the operator. */
    private final AtomicBoolean noAddressReported = new AtomicBoolean();

    ClientAddressResolver(@Property(name = "latchkey.trusted-proxies", defaultValue = "") String trustedProxies) {
        this.trustedProxies = Arrays.stream(trustedProxies.split(","))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(ClientAddressResolver::range)
                .toList();
    }

    ClientAddress of(HttpRequest<?> request) {
        return of(request.getRemoteAddress().getAddress(), request.getHeaders().getAll("X-Forwarded-For"));
    }

    /** The client of a call from {@code peer} (null if unknown) carrying these X-Forwarded-For fields. */
    ClientAddress of(InetAddress peer, List<String> forwardedFor) {
        if (peer == null) {
            return ClientAddress.UNKNOWN;
        }
        byte[] client = AddressRange.normalized(peer.getAddress());
        if (trusted(client)) {
            List<String> forwarded = forwardedFor.stream()
                    .flatMap(header -> Arrays.stream(header.split(",")))
                    .map(String::strip)
                    .toList();
            for (int i = forwarded.size() - 1; i >= 0; i--) {
                byte[] hop = forwardedAddress(forwarded.get(i));
                if (hop == null) {
                    // What the nearest untrusted hop wrote is no address: the proxy is all we know.
                    reportNoAddress(forwarded.get(i));
                    break;
                }
                if (!trusted(hop)) {
                    client = hop;
                    break;
                }
            }
        }
        return new ClientAddress(text(client));
    }

    /**
     * The address in one X-Forwarded-For entry: an IPv4 or IPv6 literal, bare or with the port the
     * proxy saw, as Azure Application Gateway and IIS ARR write it ({@code 203.0.113.7:51234},
     * {@code [2001:db8::1]:443}); null for anything else. An IPv6 literal without brackets is taken
     * whole: {@code 2001:db8::1:443} is an address, not one with a port.
     */
    static byte[] forwardedAddress(String entry) {
        String address = entry;
        int colon = entry.indexOf(':');
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            String rest = close < 0 ? "" : entry.substring(close + 1);
            if (close < 0 || !(rest.isEmpty() || rest.startsWith(":") && isPort(rest.substring(1)))) {
                return null;
            }
            address = entry.substring(1, close);
            if (!NetUtil.isValidIpV6Address(address)) {
                return null;
            }
        } else if (colon >= 0 && colon == entry.lastIndexOf(':')) {
            // One colon: an IPv4 address and its port (an IPv6 literal has at least two).
            address = entry.substring(0, colon);
            if (!NetUtil.isValidIpV4Address(address) || !isPort(entry.substring(colon + 1))) {
                return null;
            }
        }
        return AddressRange.literal(address);
    }

    private static boolean isPort(String text) {
        return !text.isEmpty()
                && text.length() <= 5
                && text.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(text) <= 65535;
    }

    private void reportNoAddress(String entry) {
        if (noAddressReported.compareAndSet(false, true)) {
            LOG.warn(
                    "X-Forwarded-For from a trusted proxy held '{}', which is not an IP address: such calls count as"
                            + " coming from the proxy itself, so its clients share its rate limits (reported once)",
                    quoted(entry));
        }
    }

    /** At most 40 characters of what a client may have written, with nothing but printable ASCII. */
    private static String quoted(String entry) {
        StringBuilder quoted = new StringBuilder();
        entry.chars()
                .limit(QUOTED_LENGTH)
                .forEach(c -> quoted.append(c >= 0x20 && c < 0x7f && c != '\'' ? (char) c : '?'));
        return entry.length() > QUOTED_LENGTH ? quoted + "..." : quoted.toString();
    }

    private boolean trusted(byte[] address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** One spelling per address (Java's), whichever way a proxy wrote it; from bytes, so no lookup. */
    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException wrongLength) {
            throw new IllegalStateException("an address is 4 or 16 bytes", wrongLength);
        }
    }

    private static AddressRange range(String entry) {
        try {
            return AddressRange.parse(entry);
        } catch (IllegalArgumentException invalid) {
            throw new ConfigurationException("LATCHKEY_TRUSTED_PROXIES must be a comma-separated list of IP addresses"
                    + " and CIDR ranges such as 10.0.0.0/8, 192.168.1.7, fd00::/8: " + invalid.getMessage());
        }
    }
}
