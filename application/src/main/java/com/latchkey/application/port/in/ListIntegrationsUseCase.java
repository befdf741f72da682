package com.latchkey.application.port.in;

import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.Integration;
import java.util.List;

/** The registered integrations, in the order of their ids, as an operator sees them (no secret). */
public interface ListIntegrationsUseCase {

    List<Integration> list(ClientAddress operator);
}
