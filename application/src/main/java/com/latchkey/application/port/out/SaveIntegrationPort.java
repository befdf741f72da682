package com.latchkey.application.port.out;

import com.latchkey.domain.Integration;
import com.latchkey.domain.IntegrationId;

/** Stores integrations: registers a new one, or removes one. */
public interface SaveIntegrationPort {

    /** Stores a newly registered integration; answers false, storing nothing, when its id is taken. */
    boolean insert(Integration integration);

    /** Removes an integration; answers false when none has that id. */
    boolean delete(IntegrationId id);
}
