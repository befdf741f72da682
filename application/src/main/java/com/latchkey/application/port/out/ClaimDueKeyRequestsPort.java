package com.latchkey.application.port.out;

import com.latchkey.domain.KeyRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Claims up to {@code limit} requests due at {@code now} for one delivery attempt each, so that no
 * other dispatcher claims them before {@code lease} has passed. Returns them as claimed.
 */
public interface ClaimDueKeyRequestsPort {

    List<KeyRequest> claimDue(Instant now, Duration lease, int limit);
}
