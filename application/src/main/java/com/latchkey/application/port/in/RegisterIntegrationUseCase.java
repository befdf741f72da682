package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.Integration;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.PlainApiKey;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** An operator registers an integration; its secret is answered once and only its digest is kept. */
public interface RegisterIntegrationUseCase {

    Result register(Command command);

    /** The scopes are names as typed; those outside the configured scopes are refused. */
    record Command(IntegrationId id, IntegrationName name, Set<String> scopes, ClientAddress operator) {

        public Command {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            scopes = Set.copyOf(scopes);
            Objects.requireNonNull(operator, "operator");
        }
    }

    sealed interface Result {

        record Registered(Integration integration, PlainApiKey secret) implements Result {

            public Registered {
                Objects.requireNonNull(integration, "integration");
                Objects.requireNonNull(secret, "secret");
            }
        }

        record IdTaken() implements Result {}

        /** Scopes named that are not configured (sorted), or none named at all. */
        record UnknownScopes(List<String> unknown) implements Result {

            public UnknownScopes {
                unknown = List.copyOf(unknown);
            }
        }
    }
}
