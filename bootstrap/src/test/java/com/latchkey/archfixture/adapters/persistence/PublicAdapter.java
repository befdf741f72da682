package com.latchkey.archfixture.adapters.persistence;

import com.latchkey.archfixture.application.port.out.SomePort;

/** Breaks "an adapter is package-private": reachable from anywhere, so anything could wire it by hand. */
public class PublicAdapter implements SomePort {
    @Override
    public void run() {}
}
