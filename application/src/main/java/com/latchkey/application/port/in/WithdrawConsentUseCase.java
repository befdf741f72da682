package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.IntegrationId;
import java.util.Objects;

/** The owner holding a manage link withdraws everything granted to one integration, at once. */
public interface WithdrawConsentUseCase {

    Result withdraw(Command command);

    record Command(String token, IntegrationId integrationId, ClientAddress client) {

        public Command {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(integrationId, "integrationId");
            Objects.requireNonNull(client, "client");
        }

        @Override
        public String toString() {
            return "Command[" + integrationId + "]";
        }
    }

    sealed interface Result {

        record Withdrawn() implements Result {}

        /** The owner had granted that integration nothing. */
        record NotGranted() implements Result {}

        /** Expired, unknown or malformed: one answer for all. */
        record LinkNotValid() implements Result {}
    }
}
