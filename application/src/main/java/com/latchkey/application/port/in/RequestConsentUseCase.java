package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.OwnerLinkId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** An integration asks the owner of a store (named by its active key) for scopes; the owner decides from a mailed link. */
public interface RequestConsentUseCase {

    Result request(Command command);

    /** The scopes are names as typed; those outside the integration's registration are refused. */
    record Command(IntegrationCredentials integration, String apiKey, Set<String> scopes, ClientAddress client) {

        public Command {
            Objects.requireNonNull(integration, "integration");
            Objects.requireNonNull(apiKey, "apiKey");
            scopes = Set.copyOf(scopes);
            Objects.requireNonNull(client, "client");
        }

        @Override
        public String toString() {
            return "Command[" + integration + ", " + scopes + "]";
        }
    }

    sealed interface Result {

        /** The owner is being mailed a link to decide; {@code id} names this request. */
        record Requested(OwnerLinkId id) implements Result {

            public Requested {
                Objects.requireNonNull(id, "id");
            }
        }

        record InvalidIntegration() implements Result {}

        /** The key is not an active key (the same answer as a failed verification). */
        record InvalidCredentials() implements Result {}

        /** Scopes the integration is not registered for (sorted), or none asked at all. */
        record ScopesNotRegistered(List<String> scopes) implements Result {

            public ScopesNotRegistered {
                scopes = List.copyOf(scopes);
            }
        }

        record RateLimited(Duration retryAfter) implements Result {

            public RateLimited {
                Objects.requireNonNull(retryAfter, "retryAfter");
            }
        }
    }
}
