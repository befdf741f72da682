package com.latchkey.adapters.web;

import com.latchkey.domain.ClientAddress;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which address a call came from: the peer's, unless the peer is a trusted proxy
 * ({@code LATCHKEY_TRUSTED_PROXIES}: addresses and CIDR ranges), in which case the right-most
 * address of {@code X-Forwarded-For} that is not a trusted proxy. By default no proxy is trusted, so
 * a client cannot pick its own address. Built at start, so a malformed setting stops the start.
 */
@Context
class ClientAddressResolver {

    private final List<AddressRange> trustedProxies;

    ClientAddressResolver(@Property(name = "latchkey.trusted-proxies", defaultValue = "") String trustedProxies) {
        this.trustedProxies = Arrays.stream(trustedProxies.split(","))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(ClientAddressResolver::range)
                .toList();
    }

    ClientAddress of(HttpRequest<?> request) {
        InetAddress peer = request.getRemoteAddress().getAddress();
        if (peer == null) {
            return ClientAddress.UNKNOWN;
        }
        byte[] client = AddressRange.normalized(peer.getAddress());
        if (trusted(client)) {
            List<String> forwarded = request.getHeaders().getAll("X-Forwarded-For").stream()
                    .flatMap(header -> Arrays.stream(header.split(",")))
                    .map(String::strip)
                    .toList();
            for (int i = forwarded.size() - 1; i >= 0; i--) {
                byte[] hop = AddressRange.literal(forwarded.get(i));
                if (hop == null) {
                    // What the nearest untrusted hop wrote is no address: the proxy is all we know.
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
