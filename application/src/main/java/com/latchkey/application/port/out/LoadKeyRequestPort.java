package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.RequestId;
import java.util.List;
import java.util.Optional;

/** Finds a key request by its id, or an owner's requests. */
public interface LoadKeyRequestPort {

    Optional<KeyRequest> load(RequestId id);

    /** Every request made with the owner's email (case-folded), whatever its state, newest first. */
    List<KeyRequest> requestsOf(EmailAddress owner);
}
