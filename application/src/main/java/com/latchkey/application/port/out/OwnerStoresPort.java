package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.StoreId;
import java.util.Optional;

/**
 * Knows each owner's store id: one owner (the email case-folded), one random id, the same on every
 * instance and across rotation of the keys and of the peppers.
 */
public interface OwnerStoresPort {

    /** The owner's store id, assigned now if the owner has none; two concurrent calls get the same id. */
    StoreId storeOf(EmailAddress owner);

    /** The owner's store id, if one was ever assigned; assigns nothing. */
    Optional<StoreId> find(EmailAddress owner);
}
