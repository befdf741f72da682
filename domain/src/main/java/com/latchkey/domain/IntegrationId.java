package com.latchkey.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** The id an operator gives an integration when registering it: 3 to 40 lower-case letters, digits or '-'. */
public record IntegrationId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9-]{3,40}");

    public IntegrationId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("must be 3 to 40 lower-case letters, digits or '-'");
        }
    }

    /** The id this text is, if it has an id's shape. */
    public static Optional<IntegrationId> parse(String text) {
        return text != null && SHAPE.matcher(text).matches() ? Optional.of(new IntegrationId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
