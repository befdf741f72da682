package com.latchkey.application.port.out;

import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.OwnerLink;
import java.util.Optional;

/** Finds an owner link by the digest of its token, whatever its state (used or expired links are found too). */
public interface LoadOwnerLinkPort {

    Optional<OwnerLink> loadByDigest(KeyDigest digest);
}
