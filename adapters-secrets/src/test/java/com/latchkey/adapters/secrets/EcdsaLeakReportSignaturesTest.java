package com.latchkey.adapters.secrets;

import static com.latchkey.application.port.out.CheckLeakReportSignaturePort.Verdict.BAD_SIGNATURE;
import static com.latchkey.application.port.out.CheckLeakReportSignaturePort.Verdict.SIGNED;
import static com.latchkey.application.port.out.CheckLeakReportSignaturePort.Verdict.UNKNOWN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.latchkey.adapters.secrets.TestReporters.Reporter;
import io.micronaut.serde.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EcdsaLeakReportSignaturesTest {

    private static final byte[] REPORT = """
            [{"token":"eck_000000000000000000000000000000002wjyrI","type":"latchkey_api_key",\
            "url":"https://github.com/octocat/Hello-World/blob/1234/config.yml","source":"content"}]""".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    private final Reporter github =
            TestReporters.current("bcb53661c06b4728e59d897fb6165d5c9cda0fd9cdf9d09ead458168deb7518c");

    @Test
    void aSignedReportIsSigned() {
        assertThat(signaturesFor(github).check(github.identifier(), github.sign(REPORT), REPORT))
                .isEqualTo(SIGNED);
    }

    @Test
    void oneChangedByteOfTheBodyIsABadSignature() {
        String signature = github.sign(REPORT);
        EcdsaLeakReportSignatures signatures = signaturesFor(github);

        for (int at : new int[] {0, REPORT.length / 2, REPORT.length - 1}) {
            byte[] changed = REPORT.clone();
            changed[at] ^= 0x01;
            assertThat(signatures.check(github.identifier(), signature, changed))
                    .isEqualTo(BAD_SIGNATURE);
        }
    }

    @Test
    void aBodyWithABytePlusOrLessIsABadSignature() {
        String signature = github.sign(REPORT);
        EcdsaLeakReportSignatures signatures = signaturesFor(github);
        byte[] longer = Arrays.copyOf(REPORT, REPORT.length + 1);
        longer[REPORT.length] = '\n';

        assertThat(signatures.check(github.identifier(), signature, longer)).isEqualTo(BAD_SIGNATURE);
        assertThat(signatures.check(github.identifier(), signature, Arrays.copyOf(REPORT, REPORT.length - 1)))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void aSignatureByAnotherKeyPairIsABadSignature() {
        Reporter impostor = TestReporters.current(github.identifier());

        assertThat(signaturesFor(github).check(github.identifier(), impostor.sign(REPORT), REPORT))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void aSignatureByAnotherListedReporterUnderThisOnesIdentifierIsABadSignature() {
        Reporter other = TestReporters.current("other");

        assertThat(signaturesFor(github, other).check(github.identifier(), other.sign(REPORT), REPORT))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void anUnknownIdentifierIsAnUnknownKey() {
        EcdsaLeakReportSignatures signatures = signaturesFor(github);
        String signature = github.sign(REPORT);

        assertThat(signatures.check("90a421169f0a406205f1563a953312f0", signature, REPORT))
                .isEqualTo(UNKNOWN_KEY);
        // identifiers are compared exactly: not by case, not trimmed, not by prefix
        assertThat(signatures.check(github.identifier().toUpperCase(), signature, REPORT))
                .isEqualTo(UNKNOWN_KEY);
        assertThat(signatures.check(github.identifier() + " ", signature, REPORT))
                .isEqualTo(UNKNOWN_KEY);
        assertThat(signatures.check(github.identifier().substring(1), signature, REPORT))
                .isEqualTo(UNKNOWN_KEY);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void aMissingIdentifierIsAnUnknownKey(String identifier) {
        assertThat(signaturesFor(github).check(identifier, github.sign(REPORT), REPORT))
                .isEqualTo(UNKNOWN_KEY);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void aMissingSignatureIsABadSignature(String signature) {
        assertThat(signaturesFor(github).check(github.identifier(), signature, REPORT))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void aMissingBodyIsABadSignature() {
        assertThat(signaturesFor(github).check(github.identifier(), github.sign(REPORT), null))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void garbageSignaturesAreBadSignaturesAndNeverThrow() {
        EcdsaLeakReportSignatures signatures = signaturesFor(github);
        byte[] der = Base64.getDecoder().decode(github.sign(REPORT));
        byte[] truncated = Arrays.copyOf(der, der.length - 1);
        byte[] extended = Arrays.copyOf(der, der.length + 1);
        byte[] zeroes = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}; // r = s = 0
        List<String> garbage = Stream.of(
                        "not base64 at all!",
                        "MEUCIQ", // base64 without its padding
                        github.sign(REPORT).replace('+', '-').replace('/', '_') + "%", // URL alphabet, and more
                        " " + github.sign(REPORT), // whitespace is not base64
                        Base64.getEncoder().encodeToString(REPORT), // base64, not DER
                        Base64.getEncoder().encodeToString(truncated),
                        Base64.getEncoder().encodeToString(extended),
                        Base64.getEncoder().encodeToString(zeroes),
                        Base64.getEncoder().encodeToString(new byte[0]),
                        Base64.getEncoder().encodeToString(new byte[] {0x30}))
                .toList();

        for (String signature : garbage) {
            assertThat(signatures.check(github.identifier(), signature, REPORT))
                    .as(signature)
                    .isEqualTo(BAD_SIGNATURE);
        }
        Random random = new Random(25);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(80)];
            random.nextBytes(bytes);
            if (bytes.length > 2 && random.nextBoolean()) {
                bytes[0] = 0x30; // starts as a DER sequence, to reach the decoder's deeper paths
                bytes[1] = (byte) (bytes.length - 2);
            }
            assertThat(signatures.check(github.identifier(), Base64.getEncoder().encodeToString(bytes), REPORT))
                    .isEqualTo(BAD_SIGNATURE);
        }
    }

    @Test
    void aKeyThatIsNoLongerCurrentStillVerifies() {
        Reporter retired = TestReporters.retired("retired");
        Reporter current = TestReporters.current("current");
        EcdsaLeakReportSignatures signatures = signaturesFor(retired, current);

        assertThat(signatures.check("retired", retired.sign(REPORT), REPORT)).isEqualTo(SIGNED);
        assertThat(signatures.check("current", current.sign(REPORT), REPORT)).isEqualTo(SIGNED);
        assertThat(signatures.check("current", retired.sign(REPORT), REPORT)).isEqualTo(BAD_SIGNATURE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void withoutTheSettingEveryReportIsAnUnknownKey(String unset) {
        EcdsaLeakReportSignatures signatures =
                new EcdsaLeakReportSignatures(LeakReporterKeys.read(unset, ObjectMapper.getDefault()));

        assertThat(signatures.check(github.identifier(), github.sign(REPORT), REPORT))
                .isEqualTo(UNKNOWN_KEY);
        assertThat(signatures.check("", "", REPORT)).isEqualTo(UNKNOWN_KEY);
    }

    @Test
    void githubsOwnExampleVerifies() {
        // The key, body and signature of the validation sample in GitHub's secret-scanning partner
        // program documentation (also checked with: openssl dgst -sha256 -verify pub.pem -signature).
        String identifier = "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a";
        Path file = TestReporters.keysFile(folder, """
                {"public_keys": [{"key_identifier": "%s", "key": "-----BEGIN PUBLIC KEY-----\\n\
                MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9MJJHnMfn2+H4xL4YaPDA4RpJqUq\\n\
                kCmRCBnYERxZanmcpzQSXs1X/AljlKkbJ8qpVIW4clayyef9gWhFbNHWAA==\\n\
                -----END PUBLIC KEY-----\\n", "is_current": false}]}
                """.formatted(identifier));
        byte[] body = "[{\"token\":\"some_token\",\"type\":\"some_type\",\"url\":\"some_url\"}]"
                .getBytes(StandardCharsets.UTF_8);
        String signature =
                "MEUCIQDKZokqnCjrRtw0tni+2Ltvl/uiMJ1EGumEsp1BsNr32AIgQY1YXD2nlj+XNfGK4rBfkMJ1JDOQcYXxa2sY8FNkrKc=";
        EcdsaLeakReportSignatures signatures = signaturesIn(file);

        assertThat(signatures.check(identifier, signature, body)).isEqualTo(SIGNED);
        body[10] ^= 0x01;
        assertThat(signatures.check(identifier, signature, body)).isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void agreesWithOpenssl() throws Exception {
        assumeTrue(onPath("openssl"), "openssl is not on the PATH");
        Path privateKey = folder.resolve("k.pem");
        Path publicKey = folder.resolve("pub.pem");
        Path body = Files.write(folder.resolve("body"), REPORT);
        Path signature = folder.resolve("body.sig");
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", privateKey.toString());
        run("openssl", "ec", "-in", privateKey.toString(), "-pubout", "-out", publicKey.toString());
        run(
                "openssl",
                "dgst",
                "-sha256",
                "-sign",
                privateKey.toString(),
                "-out",
                signature.toString(),
                body.toString());
        String pem = Files.readString(publicKey, StandardCharsets.US_ASCII);
        Path file = TestReporters.keysFile(folder, """
                {"public_keys": [{"key_identifier": "openssl", "key": "%s", "is_current": true}]}
                """.formatted(pem.replace("\n", "\\n")));
        String header = Base64.getEncoder().encodeToString(Files.readAllBytes(signature));
        EcdsaLeakReportSignatures signatures = signaturesIn(file);

        assertThat(signatures.check("openssl", header, REPORT)).isEqualTo(SIGNED);
        byte[] changed = REPORT.clone();
        changed[3] ^= 0x20;
        assertThat(signatures.check("openssl", header, changed)).isEqualTo(BAD_SIGNATURE);
    }

    private EcdsaLeakReportSignatures signaturesFor(Reporter... reporters) {
        return signaturesIn(TestReporters.keysFile(folder, reporters));
    }

    private static EcdsaLeakReportSignatures signaturesIn(Path file) {
        return new EcdsaLeakReportSignatures(LeakReporterKeys.read(file.toString(), ObjectMapper.getDefault()));
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null
                && Stream.of(path.split(File.pathSeparator))
                        .filter(folder -> !folder.isEmpty())
                        .map(folder -> Path.of(folder, tool))
                        .anyMatch(Files::isExecutable);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("%s finished", List.of(command))
                .isTrue();
        assertThat(process.exitValue()).as("%s: %s", List.of(command), output).isZero();
    }
}
