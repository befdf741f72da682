package com.latchkey.adapters.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Builds each field's value object and gathers every field's error, so one answer names them all. */
final class FieldCheck {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    <T> T field(String name, String raw, Function<String, T> parse) {
        try {
            return parse.apply(raw);
        } catch (IllegalArgumentException invalid) {
            errors.add(new Problem.FieldError(name, invalid.getMessage()));
            return null;
        }
    }

    void require(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            errors.add(new Problem.FieldError(name, "must not be blank"));
        }
    }

    /** A field that did not pass a check of the caller's own. */
    void reject(String name, String message) {
        errors.add(new Problem.FieldError(name, message));
    }

    boolean failed() {
        return !errors.isEmpty();
    }

    Problem problem() {
        return Problem.validationFailed(errors);
    }
}
