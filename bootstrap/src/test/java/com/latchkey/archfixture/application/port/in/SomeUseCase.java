package com.latchkey.archfixture.application.port.in;

public interface SomeUseCase {
    void run();
}
