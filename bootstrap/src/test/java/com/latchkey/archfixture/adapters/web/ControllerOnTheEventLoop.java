package com.latchkey.archfixture.adapters.web;

import com.latchkey.archfixture.application.port.in.SomeUseCase;

/** Calls a use case without saying where it runs: on the event loop that took the request. */
public class ControllerOnTheEventLoop {

    private final SomeUseCase useCase;

    ControllerOnTheEventLoop(SomeUseCase useCase) {
        this.useCase = useCase;
    }

    void handle() {
        useCase.run();
    }
}
