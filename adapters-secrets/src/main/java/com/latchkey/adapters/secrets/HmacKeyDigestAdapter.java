package com.latchkey.adapters.secrets;

import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.PlainApiKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of the key under the pepper: the stored, unique lookup digest of SPEC §3. While
 * peppers are rotated, new digests use the newest and a presented key is looked up under each.
 */
final class HmacKeyDigestAdapter implements KeyDigestPort {

    private static final String ALGORITHM = "HmacSHA256";

    /** One per pepper, newest first. */
    private final List<ThreadLocal<Mac>> macs;

    private final List<String> secrets;

    HmacKeyDigestAdapter(byte[] pepper) {
        this(List.of(pepper));
    }

    /** Under these peppers, newest first. */
    HmacKeyDigestAdapter(List<byte[]> peppers) {
        if (peppers.isEmpty()) {
            throw new IllegalArgumentException("at least one pepper");
        }
        this.macs = peppers.stream().map(HmacKeyDigestAdapter::macOf).toList();
        this.secrets = peppers.stream().map(Pepper::idOf).toList();
        macs.forEach(ThreadLocal::get);
    }

    private static ThreadLocal<Mac> macOf(byte[] pepper) {
        SecretKeySpec secret = new SecretKeySpec(pepper.clone(), ALGORITHM);
        return ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(secret);
                return mac;
            } catch (GeneralSecurityException missing) {
                throw new IllegalStateException("this JVM offers no " + ALGORITHM, missing);
            }
        });
    }

    @Override
    public KeyDigest digestOf(PlainApiKey key) {
        return digestUnder(macs.getFirst(), key);
    }

    @Override
    public List<KeyDigest> digestsOf(PlainApiKey key) {
        return macs.size() == 1
                ? List.of(digestOf(key))
                : macs.stream().map(mac -> digestUnder(mac, key)).toList();
    }

    @Override
    public List<String> secrets() {
        return secrets;
    }

    private static KeyDigest digestUnder(ThreadLocal<Mac> mac, PlainApiKey key) {
        byte[] digest = mac.get().doFinal(key.reveal().getBytes(StandardCharsets.US_ASCII));
        return new KeyDigest(HexFormat.of().formatHex(digest));
    }
}
