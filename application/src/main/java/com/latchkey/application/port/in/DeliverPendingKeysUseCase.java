package com.latchkey.application.port.in;

/** Mints and mails a key for every request that is due, one attempt each. */
public interface DeliverPendingKeysUseCase {

    DeliveryReport deliverDue();
}
