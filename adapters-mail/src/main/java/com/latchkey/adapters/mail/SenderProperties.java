package com.latchkey.adapters.mail;

import io.micronaut.context.annotation.ConfigurationProperties;

/** The sender of every key mail ({@code LATCHKEY_MAIL_FROM}), as bound; its default is in the service's application.yml. */
@ConfigurationProperties("latchkey.mail")
record SenderProperties(String from) {}
