package com.latchkey.application.port.in;

import com.latchkey.domain.RequestId;

/** Tells how the delivery of one key request stands. */
public interface GetKeyRequestStatusUseCase {

    KeyRequestStatusResult status(RequestId requestId);
}
