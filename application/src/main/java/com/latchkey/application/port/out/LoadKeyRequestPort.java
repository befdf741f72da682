package com.latchkey.application.port.out;

import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.RequestId;
import java.util.Optional;

/** Finds a key request by its id. */
public interface LoadKeyRequestPort {

    Optional<KeyRequest> load(RequestId id);
}
