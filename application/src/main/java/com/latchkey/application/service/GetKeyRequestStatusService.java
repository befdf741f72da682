package com.latchkey.application.service;

import com.latchkey.application.port.in.GetKeyRequestStatusUseCase;
import com.latchkey.application.port.in.KeyRequestStatusResult;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.domain.RequestId;
import java.util.Objects;

/** Reads how a request's delivery stands. */
public final class GetKeyRequestStatusService implements GetKeyRequestStatusUseCase {

    private final LoadKeyRequestPort loadKeyRequest;

    public GetKeyRequestStatusService(LoadKeyRequestPort loadKeyRequest) {
        this.loadKeyRequest = Objects.requireNonNull(loadKeyRequest, "loadKeyRequest");
    }

    @Override
    public KeyRequestStatusResult status(RequestId requestId) {
        return loadKeyRequest
                .load(requestId)
                .<KeyRequestStatusResult>map(request -> new KeyRequestStatusResult.Found(
                        request.id(), request.status(), request.attempts(), request.updatedAt()))
                .orElseGet(KeyRequestStatusResult.NotFound::new);
    }
}
