package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** latchkey.jar holds the classes this build compiled, not those of an earlier build. */
class PackagedJarIT {

    @Test
    void everyLatchkeyClassInTheJarIsTheOneThisBuildCompiled() throws Exception {
        List<String> stale = new ArrayList<>();
        int compared = 0;
        try (JarFile jar = new JarFile(LatchkeyProcess.JAR.toFile())) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (!name.startsWith("com/latchkey/") || !name.endsWith(".class")) {
                    continue;
                }
                // On the test class path each module's classes come from the module this build made.
                try (InputStream packaged = jar.getInputStream(entry);
                        InputStream built = getClass().getClassLoader().getResourceAsStream(name)) {
                    if (built == null || !Arrays.equals(packaged.readAllBytes(), built.readAllBytes())) {
                        stale.add(name);
                    }
                }
                compared++;
            }
        }

        assertThat(compared).as("classes of every module").isGreaterThan(100);
        assertThat(stale).as("classes that differ from this build's").isEmpty();
    }
}
