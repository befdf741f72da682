package com.latchkey.application.port.out;

import com.latchkey.domain.KeyId;
import java.time.Instant;

/** Remembers when a key was last used (it authenticated or verified); a time older than the one kept changes nothing. */
public interface RecordKeyUsePort {

    void used(KeyId key, Instant at);
}
