package com.latchkey.adapters.mail;

import io.micronaut.context.exceptions.ConfigurationException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * How key mails are written and sent, read from {@code LATCHKEY_*} settings and checked at start.
 * Which adapter sends them is {@code LATCHKEY_ADAPTERS_MAIL} (docs/adapters.md), not a setting here.
 */
record MailSettings(String brand, String from, URI publicUrl, Path pickupFolder, Duration pickupRetention, Smtp smtp) {

    /** How the connection to the SMTP server is encrypted ({@code LATCHKEY_SMTP_TLS}). */
    enum Tls {
        /** Plain connection upgraded with STARTTLS; a server that does not offer it gets no mail. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        IMPLICIT,
        /** No encryption: only for a relay on the same host or a test server. */
        NONE
    }

    /** The SMTP server, and how long each of connect, read and write may take. */
    record Smtp(String host, int port, String username, String password, Tls tls, Duration timeout) {

        Smtp {
            if (port < 1 || port > 65535) {
                throw new ConfigurationException("LATCHKEY_SMTP_PORT must be a port number from 1 to 65535");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new ConfigurationException("LATCHKEY_SMTP_TIMEOUT must be a positive duration such as PT10S");
            }
        }

        boolean authenticates() {
            return username != null && !username.isBlank();
        }

        /** These settings as the SMTP adapter needs them: a server to send to, and no login in clear across a network. */
        Smtp requireServer() {
            if (host == null || host.isBlank()) {
                throw new ConfigurationException("LATCHKEY_SMTP_HOST must be set when LATCHKEY_ADAPTERS_MAIL is smtp");
            }
            if (tls == Tls.NONE && authenticates() && !isLoopback(host)) {
                throw new ConfigurationException("LATCHKEY_SMTP_TLS=none would send LATCHKEY_SMTP_PASSWORD in clear to "
                        + host + ": use starttls or implicit (none with a login is for a relay on this machine)");
            }
            return this;
        }

        /**
         * These settings checked against the delivery's lease: a mail is begun only in the first
         * half of its claim, and one begun just before may take a timeout to write and another to be
         * answered, then be settled, all before the claim ends; so the timeout is at most a quarter
         * of the lease. A longer one could have a request claimed again, and mailed twice, while
         * its first mail was still under way.
         */
        Smtp requireWithin(Duration lease) {
            if (timeout.multipliedBy(4).compareTo(lease) > 0) {
                throw new ConfigurationException("LATCHKEY_SMTP_TIMEOUT (" + timeout
                        + ") must be at most a quarter of LATCHKEY_DELIVERY_LEASE (" + lease
                        + "): a mail begun at half the lease must be answered and settled before it ends");
            }
            return this;
        }
    }

    MailSettings {
        if (brand == null || brand.isBlank() || brand.length() > 60) {
            throw new ConfigurationException("LATCHKEY_BRAND must be a name of 1 to 60 characters");
        }
    }

    /** A host name or literal of this machine: nothing sent to it crosses a network. */
    private static boolean isLoopback(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.startsWith("127.") || name.equals("::1") || name.equals("[::1]");
    }

    /**
     * {@code LATCHKEY_SMTP_TLS}, default {@code starttls}. The boolean {@code LATCHKEY_SMTP_STARTTLS}
     * it replaces is still read so that an old deployment keeps its meaning or stops with a clear
     * line: {@code true} is {@code starttls}; {@code false} used to mean "send in clear", which now
     * has to be said as {@code LATCHKEY_SMTP_TLS=none}, so it stops the start rather than turning
     * into encryption the server may not offer (or into clear text nobody asked for).
     */
    static Tls tls(String configured, String legacyStartTls) {
        if (legacyStartTls != null && !legacyStartTls.isBlank()) {
            String legacy = legacyStartTls.strip().toLowerCase(Locale.ROOT);
            if (!legacy.equals("true") && !legacy.equals("false")) {
                throw new ConfigurationException(
                        "LATCHKEY_SMTP_STARTTLS is replaced by LATCHKEY_SMTP_TLS (starttls, implicit or none), not '"
                                + legacyStartTls + "'");
            }
            if (configured == null || configured.isBlank()) {
                if (legacy.equals("false")) {
                    throw new ConfigurationException(
                            "LATCHKEY_SMTP_STARTTLS is replaced by LATCHKEY_SMTP_TLS: set LATCHKEY_SMTP_TLS=none to"
                                    + " send in clear as LATCHKEY_SMTP_STARTTLS=false did, or starttls or implicit");
                }
                return Tls.STARTTLS;
            }
            if (legacy.equals("true") && parseTls(configured) == Tls.NONE) {
                throw new ConfigurationException(
                        "LATCHKEY_SMTP_TLS=none contradicts LATCHKEY_SMTP_STARTTLS=true; remove LATCHKEY_SMTP_STARTTLS");
            }
        }
        return configured == null || configured.isBlank() ? Tls.STARTTLS : parseTls(configured);
    }

    private static Tls parseTls(String configured) {
        try {
            return Tls.valueOf(configured.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new ConfigurationException(
                    "LATCHKEY_SMTP_TLS must be starttls, implicit or none, not '" + configured + "'");
        }
    }

    /**
     * {@code LATCHKEY_PICKUP_RETENTION}: how long the pickup folder keeps a mail, an ISO-8601
     * duration such as {@code P7D} (the default, in application.yml). Checked whichever adapter is
     * chosen, as every mail setting is, and before any of them starts a thread.
     */
    static Duration pickupRetention(String configured) {
        try {
            Duration retention = Duration.parse(configured.strip());
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException();
            }
            return retention;
        } catch (RuntimeException malformed) {
            throw new ConfigurationException(
                    "LATCHKEY_PICKUP_RETENTION must be a positive ISO-8601 duration such as P7D, not '" + configured
                            + "'");
        }
    }

    static URI publicUrl(String configured) {
        try {
            URI uri = new URI(configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (Exception malformed) {
            throw new ConfigurationException(
                    "LATCHKEY_PUBLIC_URL must be an http(s) URL such as https://keys.example.com, not '" + configured
                            + "'");
        }
    }
}
