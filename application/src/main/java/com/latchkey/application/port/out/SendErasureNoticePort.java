package com.latchkey.application.port.out;

/** Mails an owner the confirmation that their data was erased, through the configured transport; a failure is an exception. */
public interface SendErasureNoticePort {

    void send(ErasureNotice notice);
}
