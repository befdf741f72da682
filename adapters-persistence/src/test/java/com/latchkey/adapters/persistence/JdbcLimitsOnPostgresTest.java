package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.tck.limits.RateLimitContract;
import java.util.Optional;

/** {@code LATCHKEY_ADAPTERS_LIMITS=jdbc} on PostgreSQL passes the limits contract, two instances sharing it. */
class JdbcLimitsOnPostgresTest extends RateLimitContract {

    @Override
    protected RateLimitPort limits() {
        return Database.POSTGRES.port(RateLimitPort.class);
    }

    @Override
    protected Optional<RateLimitPort> anotherInstance() {
        return Optional.of(Database.POSTGRES.anotherInstance().getBean(RateLimitPort.class));
    }
}
