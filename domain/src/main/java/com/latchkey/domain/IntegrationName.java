package com.latchkey.domain;

/**
 * The name owners see for an integration, in mails and on the consent page: trimmed, printable, 1
 * to 80 characters, and neither an address nor a link (no {@code @ / : \\}), so that the words a
 * consent mail carries beside the brand's cannot send its reader anywhere.
 */
public record IntegrationName(String value) {

    public static final int MAX_LENGTH = 80;

    public IntegrationName {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        value = value.strip();
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        // An owner's name has the same rule for its characters (and a longer bound): printable text only.
        value = new OwnerName(value).value();
        if (value.chars().anyMatch(c -> c == '@' || c == '/' || c == ':' || c == '\\')) {
            throw new IllegalArgumentException("must not hold an address or a link (no @, /, : or \\)");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
