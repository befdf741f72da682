package com.latchkey.bootstrap;

import com.latchkey.application.port.out.RateLimit;
import java.time.Duration;

/**
 * A rate limit as configured: {@code <count>/<ISO-8601 period>}, such as {@code 5/PT15M}
 * ({@link RateSettingConverter} reads it). Named when the services are built: the bucket's name
 * carries the limit itself, so changing a limit starts fresh buckets.
 */
record RateSetting(long capacity, Duration period) {

    RateLimit named(String name) {
        return new RateLimit(name + ":" + capacity + "/" + period, capacity, period);
    }
}
