package com.latchkey.adapters.mail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a test SMTP server (GreenMail), for what GreenMail cannot do itself: it
 * counts the connections and the mails each one carried, answers {@code 550} to the recipient it is
 * told to refuse (a server that says no to one address), can drop a connection as the client
 * starts a given mail on it (a network that fails mid-batch), and can hold each mail a while (a
 * slow server). Everything else passes through as it
 * is: the client (Jakarta Mail) sends one command and waits for its reply, so reading its side line
 * by line is enough.
 */
final class SmtpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int serverPort;
    private final List<AtomicInteger> mailsPerConnection = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile String refusedRecipient;
    private volatile int dropAtMail;
    private volatile Duration mailDelay = Duration.ZERO;
    private volatile Duration helloDelay = Duration.ZERO;

    SmtpRelay(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "smtp-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Answers {@code 550} to {@code RCPT TO} for this address, without passing it on. */
    SmtpRelay refusing(String recipient) {
        this.refusedRecipient = recipient.toLowerCase(Locale.ROOT);
        return this;
    }

    /** Drops the connection, both ways, when the client starts its {@code n}-th mail on it (1-based). */
    SmtpRelay droppingAtMail(int n) {
        this.dropAtMail = n;
        return this;
    }

    /** Holds each {@code MAIL FROM} this long before passing it on: a slow server. */
    SmtpRelay delayingEachMail(Duration delay) {
        this.mailDelay = delay;
        return this;
    }

    /** Holds each {@code EHLO} this long before passing it on: a server slow to let a client in. */
    SmtpRelay delayingHello(Duration delay) {
        this.helloDelay = delay;
        return this;
    }

    /** How many mails ({@code MAIL FROM} commands) each connection carried, in the order they were opened. */
    List<Integer> mailsPerConnection() {
        return mailsPerConnection.stream().map(AtomicInteger::get).toList();
    }

    /** The connections that carried at least one mail; the others were readiness probes. */
    List<Integer> connectionsCarryingMail() {
        return mailsPerConnection().stream().filter(mails -> mails > 0).toList();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                sockets.add(client);
                sockets.add(server);
                AtomicInteger mails = new AtomicInteger();
                mailsPerConnection.add(mails);
                start(() -> copyReplies(server, client));
                start(() -> relayCommands(client, server, mails));
            }
        } catch (IOException closed) {
            // the relay is closed
        }
    }

    private static void start(Runnable work) {
        Thread thread = new Thread(work, "smtp-relay-connection");
        thread.setDaemon(true);
        thread.start();
    }

    private void copyReplies(Socket server, Socket client) {
        try (InputStream in = server.getInputStream()) {
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                synchronized (out) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException closed) {
            // one side hung up
        } finally {
            closeQuietly(client);
        }
    }

    private void relayCommands(Socket client, Socket server, AtomicInteger mails) {
        try (InputStream in = new BufferedInputStream(client.getInputStream())) {
            OutputStream toServer = server.getOutputStream();
            OutputStream toClient = client.getOutputStream();
            boolean inData = false;
            for (byte[] line; (line = readLine(in)) != null; ) {
                String text = new String(line, StandardCharsets.US_ASCII).stripTrailing();
                String command = text.toUpperCase(Locale.ROOT);
                if (inData) {
                    inData = !text.equals(".");
                } else if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    pause(helloDelay);
                } else if (command.startsWith("MAIL FROM")) {
                    if (mails.incrementAndGet() == dropAtMail) {
                        closeQuietly(server);
                        closeQuietly(client);
                        return;
                    }
                    pause(mailDelay);
                } else if (command.startsWith("RCPT TO")
                        && refusedRecipient != null
                        && text.toLowerCase(Locale.ROOT).contains(refusedRecipient)) {
                    synchronized (toClient) {
                        toClient.write("550 5.1.1 mailbox unavailable\r\n".getBytes(StandardCharsets.US_ASCII));
                        toClient.flush();
                    }
                    continue;
                } else if (command.equals("DATA")) {
                    inData = true;
                }
                toServer.write(line);
                toServer.flush();
            }
        } catch (IOException closed) {
            // one side hung up
        } finally {
            closeQuietly(server);
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line with its line ending, or null at the end of the stream. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b; (b = in.read()) >= 0; ) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }
}
