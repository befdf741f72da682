package com.latchkey.adapters.mail;

import io.micronaut.context.exceptions.ConfigurationException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** How key mails are written and sent, read from {@code LATCHKEY_*} settings and checked at start. */
record MailSettings(Transport transport, String brand, String from, URI publicUrl, Path pickupFolder, Smtp smtp) {

    enum Transport {
        PICKUP,
        SMTP
    }

    /** The SMTP server, and how long each of connect, read and write may take. */
    record Smtp(String host, int port, String username, String password, boolean startTls, Duration timeout) {

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
    }

    MailSettings {
        if (brand == null || brand.isBlank() || brand.length() > 60) {
            throw new ConfigurationException("LATCHKEY_BRAND must be a name of 1 to 60 characters");
        }
        if (transport == Transport.SMTP && (smtp.host() == null || smtp.host().isBlank())) {
            throw new ConfigurationException("LATCHKEY_SMTP_HOST must be set when LATCHKEY_MAIL_TRANSPORT is smtp");
        }
    }

    static Transport transport(String configured) {
        try {
            return Transport.valueOf(configured.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new ConfigurationException(
                    "LATCHKEY_MAIL_TRANSPORT must be pickup or smtp, not '" + configured + "'");
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
