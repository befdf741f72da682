package com.latchkey.application.port.out;

import com.latchkey.domain.Integration;
import com.latchkey.domain.IntegrationId;
import java.util.List;
import java.util.Optional;

/** Finds registered integrations: one by its id, or all of them in the order of their ids. */
public interface LoadIntegrationPort {

    Optional<Integration> load(IntegrationId id);

    List<Integration> loadAll();
}
