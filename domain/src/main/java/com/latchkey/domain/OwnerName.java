package com.latchkey.domain;

/** The name a store owner gives when asking for a key: trimmed, printable, 1 to 100 characters. */
public record OwnerName(String value) {

    public static final int MAX_LENGTH = 100;

    public OwnerName {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        value = value.strip();
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        if (value.codePoints().anyMatch(OwnerName::isUnprintable)) {
            throw new IllegalArgumentException("must not contain control or formatting characters");
        }
    }

    public static OwnerName of(String raw) {
        return new OwnerName(raw);
    }

    private static boolean isUnprintable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
