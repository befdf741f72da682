package com.latchkey.adapters.mail;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * What every key mail says of where it comes from ({@code LATCHKEY_BRAND}, {@code LATCHKEY_PUBLIC_URL})
 * and where the pickup folder lies ({@code LATCHKEY_DATA_DIR}), as bound; defaults are in the
 * service's application.yml.
 */
@ConfigurationProperties("latchkey")
record MailProperties(String brand, String publicUrl, String dataDir) {}
