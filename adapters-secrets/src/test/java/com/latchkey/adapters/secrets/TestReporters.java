package com.latchkey.adapters.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;

/** Leak reporters for tests: fresh key pairs, their signatures, and keys files in GitHub's shape. */
final class TestReporters {

    private TestReporters() {}

    /** A reporter whose key GitHub lists as current. */
    static Reporter current(String identifier) {
        return new Reporter(identifier, pair("EC", new ECGenParameterSpec("secp256r1")), true);
    }

    /** A reporter whose key GitHub still lists, with {@code "is_current": false}. */
    static Reporter retired(String identifier) {
        return new Reporter(identifier, pair("EC", new ECGenParameterSpec("secp256r1")), false);
    }

    /** A reporter with a key of another kind, which the keys file must not accept. */
    static Reporter withKey(String identifier, String algorithm, AlgorithmParameterSpec spec) {
        return new Reporter(identifier, pair(algorithm, spec), true);
    }

    /**
     * A keys file as GitHub publishes it, with members beside ours (at both levels) that must be
     * ignored.
     */
    static Path keysFile(Path folder, Reporter... reporters) {
        String keys = Arrays.stream(reporters)
                .map(reporter ->
                        "{\"key_identifier\": \"%s\", \"key\": \"%s\", \"is_current\": %s, \"added\": \"2024-01-01\"}"
                                .formatted(
                                        reporter.identifier(), reporter.pem().replace("\n", "\\n"), reporter.current()))
                .collect(Collectors.joining(",\n    "));
        return keysFile(folder, "{\n  \"public_keys\": [\n    " + keys + "\n  ],\n  \"copilot_keys\": []\n}\n");
    }

    static Path keysFile(Path folder, String content) {
        try {
            return Files.writeString(folder.resolve("secret_scanning.json"), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair pair(String algorithm, AlgorithmParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(spec);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    record Reporter(String identifier, KeyPair pair, boolean current) {

        /** The header value GitHub sends: base64 of the DER-encoded ECDSA signature over the body. */
        String sign(byte[] body) {
            try {
                Signature ecdsa = Signature.getInstance("SHA256withECDSA");
                ecdsa.initSign(pair.getPrivate());
                ecdsa.update(body);
                return Base64.getEncoder().encodeToString(ecdsa.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** SubjectPublicKeyInfo PEM, 64 characters a line, as in GitHub's file. */
        String pem() {
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
        }
    }
}
