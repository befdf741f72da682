package com.latchkey.application.port.out;

import com.latchkey.domain.DeliveryAttempt;

/** Keeps the record of every delivery attempt. */
public interface RecordDeliveryAttemptPort {

    void record(DeliveryAttempt attempt);
}
