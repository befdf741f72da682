package com.latchkey.archfixture.application.port.in;

import com.latchkey.archfixture.application.port.out.SomePort;

/** Breaks "inbound and outbound ports do not depend on each other". */
public interface UseCaseReturningAPort {
    SomePort port();
}
