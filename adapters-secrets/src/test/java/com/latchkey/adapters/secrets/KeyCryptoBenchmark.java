package com.latchkey.adapters.secrets;

import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.PlainApiKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: how many keys per second can be minted (SecureRandom, base62, CRC32 checksum), parsed
 * (shape and checksum), and digested (HMAC-SHA256 under the pepper). Run with bench/jmh.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KeyCryptoBenchmark {

    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final SecureRandom random = new SecureRandom();
    private HmacKeyDigestAdapter digest;
    private PlainApiKey key;
    private String presented;

    @Setup
    public void prepare() {
        digest = new HmacKeyDigestAdapter("a-benchmark-pepper-of-thirty-two-chars".getBytes(StandardCharsets.UTF_8));
        key = format.mint(random::nextInt);
        presented = key.reveal();
    }

    @Benchmark
    public PlainApiKey mintKey() {
        return format.mint(random::nextInt);
    }

    @Benchmark
    public Optional<PlainApiKey> parseKey() {
        return format.parse(presented);
    }

    @Benchmark
    public KeyDigest digestKey() {
        return digest.digestOf(key);
    }
}
