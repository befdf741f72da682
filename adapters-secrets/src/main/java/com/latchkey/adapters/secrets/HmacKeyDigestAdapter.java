package com.latchkey.adapters.secrets;

import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.PlainApiKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 of the key under the pepper: the stored, unique lookup digest of SPEC §3. */
final class HmacKeyDigestAdapter implements KeyDigestPort {

    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;

    HmacKeyDigestAdapter(byte[] pepper) {
        SecretKeySpec secret = new SecretKeySpec(pepper.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(secret);
                return mac;
            } catch (GeneralSecurityException missing) {
                throw new IllegalStateException("this JVM offers no " + ALGORITHM, missing);
            }
        });
        macs.get();
    }

    @Override
    public KeyDigest digestOf(PlainApiKey key) {
        byte[] digest = macs.get().doFinal(key.reveal().getBytes(StandardCharsets.US_ASCII));
        return new KeyDigest(HexFormat.of().formatHex(digest));
    }
}
