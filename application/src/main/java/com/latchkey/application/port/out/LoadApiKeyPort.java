package com.latchkey.application.port.out;

import com.latchkey.domain.ApiKey;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds keys: one by the digest of the key presented or by its id, the states of a batch, or an owner's keys. */
public interface LoadApiKeyPort {

    Optional<ApiKey> loadByDigest(KeyDigest digest);

    Optional<ApiKey> loadById(KeyId id);

    /** The current state of each stored key among these digests; unknown digests are left out. */
    Map<KeyDigest, KeyStatus> loadStatuses(Collection<KeyDigest> digests);

    List<ApiKey> loadByOwner(EmailAddress owner, KeyStatus status);

    /** Every key of an owner, whatever its state, newest first. */
    List<ApiKey> loadByOwner(EmailAddress owner);

    /**
     * An owner's live keys (in delivery, delivered or active), each locked until the surrounding
     * transaction ends, in one order everywhere: changes to one owner's keys (request, delivery,
     * activation and rotation) happen one at a time, on every instance.
     */
    List<ApiKey> lockOwner(EmailAddress owner);
}
