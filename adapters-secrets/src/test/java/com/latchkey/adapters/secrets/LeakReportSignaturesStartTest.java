package com.latchkey.adapters.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.adapters.secrets.TestReporters.Reporter;
import com.latchkey.application.port.out.CheckLeakReportSignaturePort;
import com.latchkey.application.port.out.CheckLeakReportSignaturePort.Verdict;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The port as the application gets it: from {@code LATCHKEY_ADAPTERS_SECRETS=local}, checked at start. */
class LeakReportSignaturesStartTest {

    private static final byte[] REPORT =
            "[{\"token\":\"x\",\"type\":\"y\",\"url\":\"z\",\"source\":\"content\"}]".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    @Test
    void theCheckUsesTheKeysFileTheSettingNames() {
        Reporter github = TestReporters.current("github");
        Path file = TestReporters.keysFile(folder, github);

        try (ApplicationContext context = start(file.toString())) {
            CheckLeakReportSignaturePort check = context.getBean(CheckLeakReportSignaturePort.class);

            assertThat(check.check("github", github.sign(REPORT), REPORT)).isEqualTo(Verdict.SIGNED);
            assertThat(check.check("other", github.sign(REPORT), REPORT)).isEqualTo(Verdict.UNKNOWN_KEY);
        }
    }

    @Test
    void withoutTheSettingTheStartGoesOnAndEveryReportIsAnUnknownKey() {
        Reporter github = TestReporters.current("github");

        try (ApplicationContext context = start(null)) {
            assertThat(context.getBean(CheckLeakReportSignaturePort.class).check("github", github.sign(REPORT), REPORT))
                    .isEqualTo(Verdict.UNKNOWN_KEY);
        }
    }

    @Test
    void aKeysFileThatCannotBeUsedStopsTheStart() {
        String missing = folder.resolve("secret_scanning.json").toString();

        assertThatThrownBy(() -> start(missing).close())
                .rootCause()
                .isInstanceOf(ConfigurationException.class)
                .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING)
                .startsWith("LATCHKEY_LEAK_REPORTER_KEYS: the file " + missing + " does not exist");
    }

    private ApplicationContext start(String keysFile) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(LocalSecretsFactory.SECRETS, "local");
        settings.put("latchkey.data-dir", folder.resolve("data").toString());
        if (keysFile != null) {
            settings.put(LeakReporterKeys.SETTING, keysFile);
        }
        return ApplicationContext.run(settings);
    }
}
