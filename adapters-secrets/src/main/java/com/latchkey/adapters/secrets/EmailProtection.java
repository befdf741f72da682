package com.latchkey.adapters.secrets;

import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.OwnerName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps owners' emails and names out of the database files: each is stored sealed (AES-256-GCM) for
 * showing it back, an email beside a keyed digest (HMAC-SHA256) for finding it. Every key is derived
 * from the pepper under its own label, so none is the key digest's key, and a sealed email never
 * opens as a name (nor a name as an email). While several peppers are configured an email's seal
 * names the pepper it was made under ({@code <id>:<base64>}); one without a name (made with a single
 * pepper) is opened by whichever configured pepper opens it. A name's seal always names its pepper:
 * no earlier release reads sealed names.
 */
final class EmailProtection implements SealPersonalDataPort {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** The keys of one pepper. */
    private record Keys(String id, SecretKeySpec index, SecretKeySpec seal, SecretKeySpec nameSeal) {}

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
                        new SecretKeySpec(derive(pepper, "latchkey/email-seal/v1"), "AES"),
                        new SecretKeySpec(derive(pepper, "latchkey/name-seal/v1"), "AES")))
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
        // With one pepper a seal is written as it always was, so instances of an earlier release
        // (a rolling upgrade) still open it; a rotation's seals name their pepper.
        Keys under = keys.getFirst();
        return (keys.size() == 1 ? "" : under.id() + ":") + sealUnder(under.seal(), email.value());
    }

    @Override
    public String sealName(OwnerName name) {
        Keys under = keys.getFirst();
        return under.id() + ":" + sealUnder(under.nameSeal(), name.value());
    }

    private String sealUnder(SecretKeySpec key, String text) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
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
        return EmailAddress.of(opened(sealed, Keys::seal, "email").text());
    }

    @Override
    public OwnerName openName(String sealed) {
        return OwnerName.of(opened(sealed, Keys::nameSeal, "name").text());
    }

    /** The pepper that opens a sealed email or name. */
    @Override
    public String secretOf(String sealed) {
        try {
            return opened(sealed, Keys::seal, "email").by().id();
        } catch (IllegalStateException notAnEmail) {
            return opened(sealed, Keys::nameSeal, "name").by().id();
        }
    }

    private record Opened(String text, Keys by) {}

    /**
     * What a seal holds, opened with the key of its kind ({@code what}, for the message) under the
     * pepper it names, or else under whichever configured pepper opens it.
     */
    private Opened opened(String sealed, Function<Keys, SecretKeySpec> kind, String what) {
        int colon = sealed.indexOf(':');
        if (colon >= 0) {
            String id = sealed.substring(0, colon);
            Keys under = keys.stream()
                    .filter(candidate -> candidate.id().equals(id))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "a stored " + what + " was sealed under a pepper no longer configured (" + id + ")"));
            return openUnder(kind.apply(under), sealed.substring(colon + 1))
                    .map(text -> new Opened(text, under))
                    .orElseThrow(
                            () -> new IllegalStateException("a stored " + what + " does not open under its pepper"));
        }
        // From before seals named their pepper: the one that opens it made it (GCM tells a wrong key).
        for (Keys under : keys) {
            Optional<String> text = openUnder(kind.apply(under), sealed);
            if (text.isPresent()) {
                return new Opened(text.get(), under);
            }
        }
        throw new IllegalStateException("a stored " + what + " does not open under any configured pepper");
    }

    private static Optional<String> openUnder(SecretKeySpec key, String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            return Optional.of(
                    new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8));
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
