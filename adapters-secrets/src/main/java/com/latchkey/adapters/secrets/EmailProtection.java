package com.latchkey.adapters.secrets;

import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.EmailAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps owners' emails out of the database files: each is stored sealed (AES-256-GCM) for showing
 * it back, beside a keyed digest (HMAC-SHA256) for finding it. Both keys are derived from the pepper
 * under their own labels, so neither is the key digest's key. While several peppers are configured
 * a seal names the pepper it was made under ({@code <id>:<base64>}); one without a name (made with
 * a single pepper) is opened by whichever configured pepper opens it.
 */
final class EmailProtection implements SealPersonalDataPort {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** The keys of one pepper. */
    private record Keys(String id, SecretKeySpec index, SecretKeySpec seal) {}

    /** Newest first. */
    private final List<Keys> keys;

    private final SecureRandom random = new SecureRandom();

    EmailProtection(byte[] pepper) {
        this(List.of(pepper));
    }

    /** Under these peppers, newest first: seals and indexes are made under the first. */
    EmailProtection(List<byte[]> peppers) {
        if (peppers.isEmpty()) {
            throw new IllegalArgumentException("at least one pepper");
        }
        this.keys = peppers.stream()
                .map(pepper -> new Keys(
                        Pepper.idOf(pepper),
                        new SecretKeySpec(derive(pepper, "latchkey/email-index/v1"), "HmacSHA256"),
                        new SecretKeySpec(derive(pepper, "latchkey/email-seal/v1"), "AES")))
                .toList();
    }

    @Override
    public String index(String text) {
        return indexUnder(keys.getFirst(), text);
    }

    @Override
    public List<String> indexes(EmailAddress email) {
        return keys.stream().map(under -> indexUnder(under, email.owner())).toList();
    }

    @Override
    public String currentSecret() {
        return keys.getFirst().id();
    }

    private static String indexUnder(Keys under, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(under.index());
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is unavailable", impossible);
        }
    }

    @Override
    public String seal(EmailAddress email) {
        Keys under = keys.getFirst();
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, under.seal(), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(email.value().getBytes(StandardCharsets.UTF_8));
            // With one pepper a seal is written as it always was, so instances of an earlier release
            // (a rolling upgrade) still open it; a rotation's seals name their pepper.
            return (keys.size() == 1 ? "" : under.id() + ":")
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                                    .put(iv)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("AES-GCM is unavailable", impossible);
        }
    }

    @Override
    public EmailAddress open(String sealed) {
        return opened(sealed).email();
    }

    @Override
    public String secretOf(String sealed) {
        return opened(sealed).by().id();
    }

    private record Opened(EmailAddress email, Keys by) {}

    private Opened opened(String sealed) {
        int colon = sealed.indexOf(':');
        if (colon >= 0) {
            String id = sealed.substring(0, colon);
            Keys under = keys.stream()
                    .filter(candidate -> candidate.id().equals(id))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "a stored email was sealed under a pepper no longer configured (" + id + ")"));
            return openUnder(under, sealed.substring(colon + 1))
                    .map(email -> new Opened(email, under))
                    .orElseThrow(() -> new IllegalStateException("a stored email does not open under its pepper"));
        }
        // From before seals named their pepper: the one that opens it made it (GCM tells a wrong key).
        for (Keys under : keys) {
            Optional<EmailAddress> email = openUnder(under, sealed);
            if (email.isPresent()) {
                return new Opened(email.get(), under);
            }
        }
        throw new IllegalStateException("a stored email does not open under any configured pepper");
    }

    private static Optional<EmailAddress> openUnder(Keys under, String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, under.seal(), new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            byte[] plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return Optional.of(EmailAddress.of(new String(plain, StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException tamperedOrTruncated) {
            return Optional.empty();
        }
    }

    private static byte[] derive(byte[] pepper, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is unavailable", impossible);
        }
    }
}
