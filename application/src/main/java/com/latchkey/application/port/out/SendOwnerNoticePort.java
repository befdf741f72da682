package com.latchkey.application.port.out;

/** Mails an owner a notice about their keys through the configured transport; a failure is an exception. */
public interface SendOwnerNoticePort {

    void send(OwnerNotice notice);
}
