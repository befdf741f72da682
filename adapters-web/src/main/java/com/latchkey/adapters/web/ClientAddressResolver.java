package com.latchkey.adapters.web;

import com.latchkey.domain.ClientAddress;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which address a call came from: the peer's, unless the peer is a trusted proxy
 * ({@code LATCHKEY_TRUSTED_PROXIES}), in which case the right-most untrusted address of
 * {@code X-Forwarded-For}. By default no proxy is trusted, so a client cannot pick its own address.
 * Built at start, so a malformed setting stops the start.
 */
@Context
class ClientAddressResolver {

    private final Set<String> trustedProxies;

    ClientAddressResolver(@Property(name = "latchkey.trusted-proxies", defaultValue = "") String trustedProxies) {
        this.trustedProxies = Arrays.stream(trustedProxies.split(","))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(ClientAddressResolver::literal)
                .collect(Collectors.toUnmodifiableSet());
    }

    ClientAddress of(HttpRequest<?> request) {
        InetSocketAddress peer = request.getRemoteAddress();
        String peerAddress =
                peer.getAddress() == null ? null : peer.getAddress().getHostAddress();
        if (peerAddress == null) {
            return ClientAddress.UNKNOWN;
        }
        String client = peerAddress;
        if (trustedProxies.contains(peerAddress)) {
            List<String> forwarded = request.getHeaders().getAll("X-Forwarded-For").stream()
                    .flatMap(header -> Arrays.stream(header.split(",")))
                    .map(String::strip)
                    .toList();
            for (int i = forwarded.size() - 1; i >= 0; i--) {
                String hop = forwarded.get(i);
                if (!trustedProxies.contains(hop)) {
                    client = hop;
                    break;
                }
            }
        }
        try {
            return new ClientAddress(client);
        } catch (IllegalArgumentException notAnAddress) {
            return new ClientAddress(peerAddress);
        }
    }

    private static String literal(String address) {
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            throw new ConfigurationException(
                    "LATCHKEY_TRUSTED_PROXIES must be a comma-separated list of IP addresses, not '" + address + "'");
        }
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (java.net.UnknownHostException invalid) {
            throw new ConfigurationException(
                    "LATCHKEY_TRUSTED_PROXIES must be a comma-separated list of IP addresses, not '" + address + "'");
        }
    }
}
