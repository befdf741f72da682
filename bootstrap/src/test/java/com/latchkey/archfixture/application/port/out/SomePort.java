package com.latchkey.archfixture.application.port.out;

public interface SomePort {
    void run();
}
