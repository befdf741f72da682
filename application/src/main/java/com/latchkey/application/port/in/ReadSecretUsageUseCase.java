package com.latchkey.application.port.in;

import java.util.List;
import java.util.Objects;

/** An operator asks which configured secrets stored data still needs, to know when an old one may go. */
public interface ReadSecretUsageUseCase {

    List<SecretUsage> usage(com.latchkey.domain.ClientAddress operator);

    /**
     * One configured secret (newest first): how many live keys' digests and sealed values depend
     * on it. An older secret that is not {@code stillNeeded} may be removed from
     * {@code LATCHKEY_KEY_PEPPERS}: nothing depends on it, and no stored value is still of unknown
     * origin (made before values named their secret, and not yet labelled by the re-sealing).
     */
    record SecretUsage(String id, boolean current, long liveKeyDigests, long sealedValues, boolean stillNeeded) {

        public SecretUsage {
            Objects.requireNonNull(id, "id");
        }
    }
}
