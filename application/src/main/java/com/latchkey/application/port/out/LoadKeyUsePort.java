package com.latchkey.application.port.out;

import com.latchkey.domain.KeyId;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** When each of these keys was last used; keys never used (or unknown) are left out. */
public interface LoadKeyUsePort {

    Map<KeyId, Instant> lastUsed(Collection<KeyId> keys);
}
