package com.latchkey.application.port.out;

/** Mails an owner a link (to decide on consent, manage consents, export or erase) through the configured transport; a failure is an exception. */
public interface SendOwnerLinkPort {

    void send(OwnerLinkMail mail);
}
