package com.latchkey.application.service;

import com.latchkey.application.port.in.RequestApiKeyCommand;
import com.latchkey.application.port.in.RequestApiKeyResult;
import com.latchkey.application.port.in.RequestApiKeyUseCase;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.RequestId;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;

/** Stores the request and answers at once; delivery is the dispatcher's job. */
public final class RequestApiKeyService implements RequestApiKeyUseCase {

    private static final System.Logger LOG = System.getLogger(RequestApiKeyService.class.getName());

    private final SaveKeyRequestPort saveKeyRequest;
    private final Clock clock;

    public RequestApiKeyService(SaveKeyRequestPort saveKeyRequest, Clock clock) {
        this.saveKeyRequest = Objects.requireNonNull(saveKeyRequest, "saveKeyRequest");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public RequestApiKeyResult request(RequestApiKeyCommand command) {
        KeyRequest request = KeyRequest.accept(RequestId.random(), command.email(), command.name(), clock.instant());
        saveKeyRequest.save(request);
        LOG.log(
                Level.INFO,
                "key requested: request={0} email={1}",
                request.id(),
                request.email().masked());
        return new RequestApiKeyResult.Accepted(request.id());
    }
}
