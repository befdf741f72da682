package com.latchkey.adapters.secrets;

import java.util.List;

/** The peppers in use, newest first: one, or more while one is rotated out ({@code LATCHKEY_KEY_PEPPERS}). */
record Peppers(List<Pepper> newestFirst) {

    Peppers {
        newestFirst = List.copyOf(newestFirst);
        if (newestFirst.isEmpty()) {
            throw new IllegalArgumentException("at least one pepper");
        }
    }

    List<byte[]> bytes() {
        return newestFirst.stream().map(Pepper::bytes).toList();
    }

    @Override
    public String toString() {
        return "Peppers" + newestFirst.stream().map(Pepper::id).toList();
    }
}
