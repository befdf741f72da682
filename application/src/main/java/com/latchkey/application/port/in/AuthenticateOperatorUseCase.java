package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import java.time.Duration;
import java.util.Objects;

/** Lets an operator into the admin API by the admin token; failures are limited per client address. */
public interface AuthenticateOperatorUseCase {

    Result authenticate(Command command);

    /** The token presented (empty when none was) and where from. */
    record Command(String presentedToken, ClientAddress client) {

        public Command {
            Objects.requireNonNull(presentedToken, "presentedToken");
            Objects.requireNonNull(client, "client");
        }

        @Override
        public String toString() {
            return "Command[(token), " + client + "]";
        }
    }

    sealed interface Result {

        record Authenticated() implements Result {}

        record InvalidCredentials() implements Result {}

        record RateLimited(Duration retryAfter) implements Result {

            public RateLimited {
                Objects.requireNonNull(retryAfter, "retryAfter");
            }
        }
    }
}
