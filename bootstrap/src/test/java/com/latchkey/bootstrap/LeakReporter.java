package com.latchkey.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A secret scanner as GitHub runs one: an ECDSA P-256 key pair made in the test, its public key
 * published in GitHub's file shape, and reports signed over their raw bytes.
 */
final class LeakReporter {

    static final String KEY_ID = "4fe6b016179b74078ade7581abf4e84fb398c6fae4fb973972235b84fcd70ca3";

    private final KeyPair keys;
    private final HttpClient client = HttpClient.newHttpClient();

    LeakReporter() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Writes the public keys file (what LATCHKEY_LEAK_REPORTER_KEYS names) and answers its path. */
    Path publishKeys(Path folder) throws IOException {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String json = "{\"public_keys\":[{\"key_identifier\":\"" + KEY_ID + "\",\"key\":\"" + pem.replace("\n", "\\n")
                + "\",\"is_current\":true}]}";
        return Files.writeString(folder.resolve("secret-scanning-keys.json"), json);
    }

    String sign(String body) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(keys.getPrivate());
            signature.update(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** One finding of a report, as GitHub writes it. */
    static String finding(String token, String url) {
        return "{\"token\":\"" + token + "\",\"type\":\"latchkey_api_key\",\"url\":\"" + url
                + "\",\"source\":\"content\"}";
    }

    HttpResponse<String> send(URL server, String body, String signature) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(server + "/api/v1/leaks"))
                        .header("Content-Type", "application/json")
                        .header("Github-Public-Key-Identifier", KEY_ID)
                        .header("Github-Public-Key-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
