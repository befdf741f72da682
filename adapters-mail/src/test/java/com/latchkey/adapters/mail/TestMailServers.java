package com.latchkey.adapters.mail;

import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

/** The tests' SMTPS server. */
final class TestMailServers {

    /** GreenMail allows a server 2 s to start; SMTPS (TLS first) has taken longer on a loaded 2-core machine. */
    private static final long STARTUP_TIMEOUT_MILLIS = 15_000;

    private TestMailServers() {}

    static ServerSetup smtps() {
        ServerSetup setup = ServerSetupTest.SMTPS.dynamicPort();
        setup.setServerStartupTimeout(STARTUP_TIMEOUT_MILLIS);
        return setup;
    }
}
