package com.latchkey.adapters.mail;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * What every key mail says of where it comes from ({@code LATCHKEY_BRAND}, {@code LATCHKEY_PUBLIC_URL}),
 * where the pickup folder lies ({@code LATCHKEY_DATA_DIR}) and how long its mails are kept
 * ({@code LATCHKEY_PICKUP_RETENTION}), as bound; defaults are in the service's application.yml.
 */
@ConfigurationProperties("latchkey")
record MailProperties(
        String brand,
        String publicUrl,
        String dataDir,
        @Nullable String pickupRetention) {}
