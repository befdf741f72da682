package com.latchkey.application.port.out;

import com.latchkey.domain.SecurityEvent;

/** Keeps the trail of security events, and reports each as it happens. */
public interface AuditTrailPort {

    void record(SecurityEvent event);
}
