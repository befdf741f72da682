package com.latchkey.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A business email address: trimmed, with the domain part in lower case, and the local part as
 * it was typed, for addressing the mail. Who owns it is the address case-folded in full ({@link
 * #owner()}): {@code Ann@Shop.example} and {@code ann@shop.example} are one owner, for rotation,
 * supersede, limits and every lookup, so nobody splits an owner's keys or limits by changing case.
 */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final Pattern LOCAL_PART =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN_PART =
            Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    private final String value;
    private final String owner;

    private EmailAddress(String value) {
        this.value = value;
        this.owner = value.toLowerCase(Locale.ROOT);
    }

    /** Parses and normalizes an address; throws {@link IllegalArgumentException} when it is not one. */
    public static EmailAddress of(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        String trimmed = raw.strip();
        if (trimmed.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            throw new IllegalArgumentException("must be an email address like name@example.com");
        }
        String local = trimmed.substring(0, at);
        String domain = trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
        if (local.length() > MAX_LOCAL_LENGTH
                || !LOCAL_PART.matcher(local).matches()
                || !DOMAIN_PART.matcher(domain).matches()) {
            throw new IllegalArgumentException("must be an email address like name@example.com");
        }
        return new EmailAddress(local + "@" + domain);
    }

    /** The address as typed (domain in lower case): where the mail goes. */
    public String value() {
        return value;
    }

    /** The owner's identity: the address case-folded in full. Equal addresses have equal owners. */
    public String owner() {
        return owner;
    }

    /** The form fit for logs and audit records: first character of the local part, then the domain. */
    public String masked() {
        int at = owner.lastIndexOf('@');
        return owner.charAt(0) + "***" + owner.substring(at);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmailAddress that && owner.equals(that.owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(owner);
    }

    @Override
    public String toString() {
        return masked();
    }
}
