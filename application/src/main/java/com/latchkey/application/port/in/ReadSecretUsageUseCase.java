package com.latchkey.application.port.in;

import java.util.List;
import java.util.Objects;

/** An operator asks which configured secrets stored data still needs, to know when an old one may go. */
public interface ReadSecretUsageUseCase {

    List<SecretUsage> usage();

    /**
     * One configured secret (newest first): how many live keys' digests and sealed values depend
     * on it. An older secret with none of either may be removed from {@code LATCHKEY_KEY_PEPPERS}.
     */
    record SecretUsage(String id, boolean current, long liveKeyDigests, long sealedValues) {

        public SecretUsage {
            Objects.requireNonNull(id, "id");
        }

        public boolean stillNeeded() {
            return current || liveKeyDigests > 0 || sealedValues > 0;
        }
    }
}
