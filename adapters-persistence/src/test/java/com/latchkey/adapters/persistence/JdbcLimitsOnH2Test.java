package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.tck.limits.RateLimitContract;
import java.util.Optional;

/** {@code LATCHKEY_ADAPTERS_LIMITS=jdbc} on the embedded H2 (its one instance's memory) passes the limits contract. */
class JdbcLimitsOnH2Test extends RateLimitContract {

    @Override
    protected RateLimitPort limits() {
        return Database.H2.port(RateLimitPort.class);
    }

    @Override
    protected Optional<RateLimitPort> anotherInstance() {
        return Optional.empty();
    }
}
