package com.latchkey.application.port.out;

import com.latchkey.domain.KeyDigest;
import java.time.Instant;

/**
 * Tells of changes of keys' states committed by any instance sharing the store, as soon as each
 * commits, so that what an instance remembers of a key can be dropped at once.
 */
public interface KeyChangesPort {

    /**
     * Starts telling {@code listener} of the changes committed from now on. Calls come from a thread
     * of the port's own, one at a time, and must return quickly.
     */
    void subscribe(Listener listener);

    /** What is told of key changes. */
    interface Listener {

        /** The state of the key with this digest changed, and the change is committed. */
        void changed(KeyDigest digest);

        /**
         * Changes may have gone unheard until now: hearing began, or began again after it was lost.
         * Whatever was learnt of keys' states before this call may be stale.
         */
        void mayHaveMissedChanges();

        /**
         * Every change committed by another instance before {@code instant} has been told by now:
         * a key's state read before then and not dropped since was still its state at
         * {@code instant}. Told again and again while hearing lasts, with later instants; no longer
         * told once hearing is lost. {@link Instant#MAX} when no other instance can change keys.
         */
        void heardEverythingBefore(Instant instant);
    }
}
