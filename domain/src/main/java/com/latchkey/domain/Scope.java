package com.latchkey.domain;

import java.util.regex.Pattern;

/** A kind of store data an integration may be granted, such as {@code orders:read}. */
public record Scope(String value) implements Comparable<Scope> {

    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9_-]{0,30}:[a-z][a-z0-9_-]{0,30}");

    public Scope {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("a scope is two lower-case words joined by ':', like orders:read");
        }
    }

    @Override
    public int compareTo(Scope other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
