package com.latchkey.application.port.in;

/** How one round of delivery went. */
public record DeliveryReport(int delivered, int failed) {

    public DeliveryReport {
        if (delivered < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    public int attempted() {
        return delivered + failed;
    }
}
