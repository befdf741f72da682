package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyStatus;
import java.util.Objects;

/** An operator revokes a key by its id; its owner is mailed a notice. */
public interface RevokeKeyByIdUseCase {

    Result revoke(KeyId key, ClientAddress operator);

    sealed interface Result {

        /** Revoked now; {@code ownerNotified} is false when the notice could not be handed to the transport. */
        record Revoked(KeyId keyId, boolean ownerNotified) implements Result {

            public Revoked {
                Objects.requireNonNull(keyId, "keyId");
            }
        }

        /** The key had already ended (or was never delivered): nothing changed. */
        record NotRevocable(KeyStatus status) implements Result {

            public NotRevocable {
                Objects.requireNonNull(status, "status");
            }
        }

        record NotFound() implements Result {}
    }
}
