package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.IntegrationId;

/** An operator removes an integration: its secret stops working at once. */
public interface RemoveIntegrationUseCase {

    Result remove(IntegrationId id, ClientAddress operator);

    sealed interface Result {

        record Removed() implements Result {}

        record NotFound() implements Result {}
    }
}
