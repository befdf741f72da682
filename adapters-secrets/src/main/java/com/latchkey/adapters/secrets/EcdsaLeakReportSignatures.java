package com.latchkey.adapters.secrets;

import com.latchkey.application.port.out.CheckLeakReportSignaturePort;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Base64;

/**
 * Checks a leak report's signature as GitHub's secret-scanning partner program makes it: ECDSA
 * P-256 with SHA-256 over the body's bytes as received, sent as base64 of the DER signature.
 */
final class EcdsaLeakReportSignatures implements CheckLeakReportSignaturePort {

    private final LeakReporterKeys reporters;

    EcdsaLeakReportSignatures(LeakReporterKeys reporters) {
        this.reporters = reporters;
    }

    @Override
    public Verdict check(String keyIdentifier, String signature, byte[] body) {
        if (keyIdentifier == null || keyIdentifier.isBlank()) {
            return Verdict.UNKNOWN_KEY;
        }
        PublicKey key = reporters.find(keyIdentifier);
        if (key == null) {
            return Verdict.UNKNOWN_KEY;
        }
        if (signature == null || signature.isBlank() || body == null) {
            return Verdict.BAD_SIGNATURE;
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException notBase64) {
            return Verdict.BAD_SIGNATURE;
        }
        return verifies(key, der, body) ? Verdict.SIGNED : Verdict.BAD_SIGNATURE;
    }

    private static boolean verifies(PublicKey key, byte[] der, byte[] body) {
        try {
            // A Signature holds state between update and verify, so each check takes its own.
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(body);
            return ecdsa.verify(der);
        } catch (SignatureException notDer) {
            return false;
        } catch (NoSuchAlgorithmException | InvalidKeyException noEcdsa) {
            // the keys were checked at start, so this is the runtime's fault, not the reporter's
            throw new IllegalStateException("this Java runtime cannot verify ECDSA P-256 signatures", noEcdsa);
        }
    }
}
