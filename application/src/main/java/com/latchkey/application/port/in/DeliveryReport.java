package com.latchkey.application.port.in;

/**
 * How one round of delivery went: mails delivered, attempts failed, and claimed requests released
 * unattempted because their claim was ending.
 */
public record DeliveryReport(int delivered, int failed, int released) {

    public DeliveryReport {
        if (delivered < 0 || failed < 0 || released < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    public int attempted() {
        return delivered + failed;
    }

    public int claimed() {
        return delivered + failed + released;
    }
}
