package com.latchkey.application.service;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.SecurityEvent;
import java.time.Instant;

/** The audit events of operators' looks: what was looked at, about whom, from where. */
final class OperatorEvents {

    private OperatorEvents() {}

    static SecurityEvent lookup(Instant at, ClientAddress operator, String what) {
        return new SecurityEvent(SecurityEvent.Type.OPERATOR_LOOKUP, at, null, null, operator, what)
                .by(SecurityEvent.Actor.OPERATOR);
    }

    static SecurityEvent lookup(Instant at, ClientAddress operator, String what, EmailAddress owner) {
        return SecurityEvent.of(SecurityEvent.Type.OPERATOR_LOOKUP, at, owner, operator, what)
                .by(SecurityEvent.Actor.OPERATOR);
    }

    static SecurityEvent lookup(Instant at, ClientAddress operator, String what, KeyId key) {
        return new SecurityEvent(SecurityEvent.Type.OPERATOR_LOOKUP, at, key, null, operator, what)
                .by(SecurityEvent.Actor.OPERATOR);
    }
}
