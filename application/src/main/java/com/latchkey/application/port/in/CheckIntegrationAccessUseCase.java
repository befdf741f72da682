package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.Scope;
import com.latchkey.domain.StoreId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** Tells an integration what the owner of a store (named by its active key) granted it: nothing without consent. */
public interface CheckIntegrationAccessUseCase {

    Result check(Command command);

    record Command(IntegrationCredentials integration, String apiKey, ClientAddress client) {

        public Command {
            Objects.requireNonNull(integration, "integration");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(client, "client");
        }

        @Override
        public String toString() {
            return "Command[" + integration + "]";
        }
    }

    sealed interface Result {

        /** The scopes granted to this integration (maybe none); the owner only under {@code owner:read}. */
        record Access(StoreId storeId, KeyId keyId, SortedSet<Scope> scopes, Optional<Owner> owner) implements Result {

            public Access {
                Objects.requireNonNull(storeId, "storeId");
                Objects.requireNonNull(keyId, "keyId");
                scopes = new TreeSet<>(scopes);
                Objects.requireNonNull(owner, "owner");
            }
        }

        record InvalidIntegration() implements Result {}

        /** The key is not an active key. */
        record InvalidCredentials() implements Result {}

        record RateLimited(Duration retryAfter) implements Result {

            public RateLimited {
                Objects.requireNonNull(retryAfter, "retryAfter");
            }
        }
    }

    /** Who the store's owner is, for an integration granted {@code owner:read}. */
    record Owner(OwnerName name, EmailAddress email) {

        public Owner {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(email, "email");
        }
    }
}
