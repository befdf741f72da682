package com.latchkey.adapters.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.adapters.secrets.TestReporters.Reporter;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.serde.ObjectMapper;
import java.nio.file.Path;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each keys file that cannot be used stops the start with one line that names the setting. */
class LeakReporterKeysTest {

    @TempDir
    Path folder;

    private final Reporter github = TestReporters.current("github");

    @Test
    void readsEveryKeyOfGithubsFile() {
        Reporter retired = TestReporters.retired("retired");

        LeakReporterKeys keys =
                read(TestReporters.keysFile(folder, github, retired).toString());

        assertThat(keys.find("github")).isEqualTo(github.pair().getPublic());
        assertThat(keys.find("retired")).isEqualTo(retired.pair().getPublic());
        assertThat(keys.find("other")).isNull();
    }

    @Test
    void aMissingFileStopsTheStart() {
        stopsTheStart(folder.resolve("secret_scanning.json").toString(), "does not exist");
    }

    @Test
    void anUnreadableFileStopsTheStart() {
        // a folder where the file should be: unreadable as a file even to root, unlike chmod 000
        stopsTheStart(folder.toString(), "cannot be read");
    }

    @Test
    void aFileThatIsNotJsonStopsTheStart() {
        stopsTheStart(TestReporters.keysFile(folder, "public_keys:\n  - key: x\n"), "is not JSON");
        stopsTheStart(TestReporters.keysFile(folder, ""), "is not JSON");
        stopsTheStart(TestReporters.keysFile(folder, "{\"public_keys\": [{\"key_identifier\": \"a\""), "is not JSON");
        stopsTheStart(TestReporters.keysFile(folder, "[]"), "is not JSON");
        stopsTheStart(TestReporters.keysFile(folder, "{\"public_keys\": \"none\"}"), "is not JSON");
    }

    @Test
    void aFileWithoutKeysStopsTheStart() {
        stopsTheStart(TestReporters.keysFile(folder, "{\"public_keys\": []}"), "holds no keys");
        stopsTheStart(TestReporters.keysFile(folder, "{}"), "holds no keys");
        stopsTheStart(TestReporters.keysFile(folder, "{\"public_keys\": null}"), "holds no keys");
    }

    @Test
    void aKeyWithoutAnIdentifierStopsTheStart() {
        stopsTheStart(
                TestReporters.keysFile(folder, "{\"public_keys\": [{\"key\": \"" + pemOf(github) + "\"}]}"),
                "without a \"key_identifier\"");
        stopsTheStart(
                TestReporters.keysFile(
                        folder, "{\"public_keys\": [{\"key_identifier\": \" \", \"key\": \"" + pemOf(github) + "\"}]}"),
                "without a \"key_identifier\"");
    }

    @Test
    void anIdentifierListedTwiceStopsTheStart() {
        Reporter again = TestReporters.current("github");

        stopsTheStart(TestReporters.keysFile(folder, github, again), "holds the key_identifier github twice");
    }

    @Test
    void aKeyThatIsNotAPemPublicKeyStopsTheStart() {
        stopsTheStart(keyFile("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"), "the key github, which is not a PEM public key");
        stopsTheStart(
                TestReporters.keysFile(folder, "{\"public_keys\": [{\"key_identifier\": \"github\"}]}"),
                "the key github, which is not a PEM public key");
        String privateKey = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder().encodeToString(github.pair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        stopsTheStart(keyFile(privateKey), "the key github, which is not a PEM public key");
    }

    @Test
    void aKeyThatIsNotAKeyStopsTheStart() {
        stopsTheStart(
                keyFile("-----BEGIN PUBLIC KEY-----\\nbm90IGEga2V5\\n-----END PUBLIC KEY-----\\n"),
                "the key github, which is not an EC P-256 public key");
        stopsTheStart(
                keyFile("-----BEGIN PUBLIC KEY-----\\n!!!!\\n-----END PUBLIC KEY-----\\n"),
                "the key github, which is not an EC P-256 public key");
    }

    @Test
    void anRsaKeyStopsTheStart() {
        Reporter rsa = TestReporters.withKey("rsa", "RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));

        stopsTheStart(TestReporters.keysFile(folder, github, rsa), "the key rsa, which is not an EC P-256 public key");
    }

    @Test
    void anEd25519KeyStopsTheStart() {
        Reporter ed25519 = TestReporters.withKey("ed", "Ed25519", NamedParameterSpec.ED25519);

        stopsTheStart(TestReporters.keysFile(folder, ed25519), "the key ed, which is not an EC P-256 public key");
    }

    @Test
    void aKeyOnAnotherCurveStopsTheStart() {
        Reporter p384 = TestReporters.withKey("p384", "EC", new ECGenParameterSpec("secp384r1"));

        stopsTheStart(
                TestReporters.keysFile(folder, github, p384),
                "the key p384, which is an EC key on another curve than P-256 (secp256r1)");
    }

    private Path keyFile(String pem) {
        return TestReporters.keysFile(
                folder, "{\"public_keys\": [{\"key_identifier\": \"github\", \"key\": \"" + pem + "\"}]}");
    }

    private static String pemOf(Reporter reporter) {
        return reporter.pem().replace("\n", "\\n");
    }

    private static LeakReporterKeys read(String setting) {
        return LeakReporterKeys.read(setting, ObjectMapper.getDefault());
    }

    private static void stopsTheStart(Path file, String problem) {
        assertThat(file).exists();
        stopsTheStart(file.toString(), problem);
    }

    private static void stopsTheStart(String setting, String problem) {
        assertThatThrownBy(() -> read(setting))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("LATCHKEY_LEAK_REPORTER_KEYS: the file " + setting + " ")
                .hasMessageContaining(problem)
                .satisfies(refusal -> assertThat(refusal.getMessage()).doesNotContain("\n", "\r"));
    }

    @Test
    void aRefusalRepeatsNoKeyMaterial() {
        String material =
                Base64.getEncoder().encodeToString(github.pair().getPrivate().getEncoded());
        Path file = keyFile("-----BEGIN PRIVATE KEY-----\\n" + material + "\\n-----END PRIVATE KEY-----\\n");

        assertThatThrownBy(() -> read(file.toString()))
                .isInstanceOf(ConfigurationException.class)
                .message()
                .doesNotContain(material.substring(material.length() - 40));
    }
}
