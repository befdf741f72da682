package com.latchkey.application.port.in;

import com.latchkey.domain.Scope;
import java.util.Objects;

/** A scope with the plain words an owner reads for it. */
public record ScopeDescription(Scope scope, String description) {

    public ScopeDescription {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(description, "description");
    }
}
