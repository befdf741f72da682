package com.latchkey.adapters.limits.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A real {@code redis-server} (Debian's package; {@code .ci/run} installs it) on a free loopback
 * port, started by the tests that need one and stopped when the JVM exits. Tests that use it carry
 * the JUnit tag {@code redis}, left out of the README's {@code ./mvnw verify}.
 */
public final class RedisServer {

    private static RedisServer shared;

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    /** The server this JVM's tests share, started on first use. */
    public static synchronized RedisServer shared() {
        if (shared == null) {
            shared = new RedisServer(freePort());
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** A server of one test's own, to stop and start again; the caller stops it. */
    public static RedisServer own() {
        RedisServer server = new RedisServer(freePort());
        server.start();
        return server;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        try {
            process = new ProcessBuilder(
                            "redis-server",
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException missing) {
            throw new IllegalStateException(
                    "redis-server is not installed: apt-get install redis-server (README, \"Redis tests\")", missing);
        }
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(15));
        while (!answersPing()) {
            if (Instant.now().isAfter(giveUp) || !process.isAlive()) {
                stop();
                throw new IllegalStateException("redis-server did not start on port " + port);
            }
            sleep(50);
        }
    }

    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
