package com.latchkey.adapters.mail;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * {@code LATCHKEY_SMTP_*} as bound: checked and given meaning by {@link MailSettings}. Defaults are
 * in the service's application.yml.
 */
@ConfigurationProperties("latchkey.smtp")
record SmtpProperties(
        @Nullable String host,
        int port,
        @Nullable String username,
        @Nullable String password,
        @Nullable String tls,
        @Nullable String starttls,
        Duration timeout) {

    @Override
    public String toString() {
        return "SmtpProperties[host=" + host + ", port=" + port + ", username=" + (username == null ? "-" : "(set)")
                + ", password=" + (password == null ? "-" : "(set)") + ", tls=" + tls + ", timeout=" + timeout + "]";
    }
}
