package com.latchkey.application.port.out;

/**
 * Checks that a leak report comes from a configured reporter: an ECDSA P-256 signature (base64 of
 * its DER form) over the report's bytes as received, by the public key the reporter names.
 */
public interface CheckLeakReportSignaturePort {

    Verdict check(String keyIdentifier, String signature, byte[] body);

    enum Verdict {
        /** Signed by the named reporter key. */
        SIGNED,
        /** No configured reporter key has that identifier. */
        UNKNOWN_KEY,
        /** The signature is missing, malformed, or does not match the body. */
        BAD_SIGNATURE
    }
}
