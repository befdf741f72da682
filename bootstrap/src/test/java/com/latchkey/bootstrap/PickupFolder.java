package com.latchkey.bootstrap;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** Reads keys and owner-link tokens out of the pickup folder, as an owner reads their inbox. */
final class PickupFolder {

    private final Path folder;

    PickupFolder(Path dataDir) {
        this.folder = dataDir.resolve("mail");
    }

    /**
     * The key of the newest key mail to {@code email}; mail files are named by the time they were
     * written. Mails holding no key (owner notices, link mails) are passed over.
     */
    String newestKeyFor(String email) throws Exception {
        List<Path> mails = mails();
        for (int i = mails.size() - 1; i >= 0; i--) {
            String mail = Files.readString(mails.get(i), StandardCharsets.UTF_8);
            if (isTo(mail, email) && LatchkeyApi.KEY.matcher(mail).find()) {
                return LatchkeyApi.keyIn(mail);
            }
        }
        throw new AssertionError("no key mail to " + email);
    }

    /**
     * The token of the newest mail to {@code email} holding a link to {@code page} ({@code consent},
     * {@code consents} or {@code privacy}): the fragment of {@code /<page>#ecl_…}.
     */
    String newestLinkTokenFor(String email, String page) throws Exception {
        List<String> mails = linkMailsTo(email, page);
        if (mails.isEmpty()) {
            throw new AssertionError("no mail to " + email + " with a /" + page + "# link");
        }
        return ConsentClient.tokenIn(mails.getLast(), page);
    }

    /**
     * The mails to {@code email} (any case) holding a link to {@code page}, oldest first, each as its
     * decoded text: a quoted-printable line may break a raw link in two.
     */
    List<String> linkMailsTo(String email, String page) throws Exception {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return found;
        }
        for (Path file : mails()) {
            MimeMessage mail;
            try (InputStream in = Files.newInputStream(file)) {
                mail = new MimeMessage(Session.getInstance(new Properties()), in);
            }
            String text = textOf(mail);
            if (((InternetAddress) mail.getAllRecipients()[0]).getAddress().equalsIgnoreCase(email)
                    && text.contains("/" + page + "#ecl_")) {
                found.add(text);
            }
        }
        return found;
    }

    /** Every mail to {@code email} (any case), oldest first, as {@link #decoded} reads it. */
    List<String> mailsTo(String email) throws Exception {
        List<String> found = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            for (Path file : mails()) {
                String mail = decoded(file);
                if (mail.lines().findFirst().orElse("").equalsIgnoreCase("To: " + email)) {
                    found.add(mail);
                }
            }
        }
        return found;
    }

    /** The mail files, oldest first: they are named by the time they were written. */
    private List<Path> mails() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".eml"))
                    .sorted()
                    .toList();
        }
    }

    /** A mail file as a reader sees it: its recipient and subject, then every text part, decoded. */
    static String decoded(Path file) throws Exception {
        MimeMessage mail;
        try (InputStream in = Files.newInputStream(file)) {
            mail = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        return "To: " + ((InternetAddress) mail.getAllRecipients()[0]).getAddress() + "\nSubject: " + mail.getSubject()
                + "\n" + textOf(mail);
    }

    /** Every text part of a mail, decoded. */
    private static String textOf(Part part) throws Exception {
        if (part.getContent() instanceof Multipart parts) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < parts.getCount(); i++) {
                text.append(textOf(parts.getBodyPart(i))).append('\n');
            }
            return text.toString();
        }
        return part.getContent() instanceof String text ? text : "";
    }

    /** Whether the raw mail is addressed to {@code email}: its {@code To:} header is the bare address. */
    static boolean isTo(String mail, String email) {
        return mail.lines().anyMatch(line -> line.equals("To: " + email));
    }
}
