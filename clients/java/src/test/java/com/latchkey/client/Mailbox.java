package com.latchkey.client;

import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The service's pickup folder read as an owner reads their inbox: each {@code .eml} file parsed as the
 * MIME message it is (quoted-printable and multipart decoded by Jakarta Mail), newest last.
 */
final class Mailbox {

    static final Pattern KEY = Pattern.compile("eck_[0-9A-Za-z]{38}");
    static final Pattern CONSENT_LINK = Pattern.compile("/consent#(ecl_[0-9A-Za-z]{38})");

    private final Path folder;

    Mailbox(Path folder) {
        this.folder = folder;
    }

    /** The key in the newest key mail to {@code email}, if one has arrived. */
    Optional<String> newestKey(String email) throws Exception {
        return newest(email, KEY).map(Matcher::group);
    }

    /** The token of the newest consent link mailed to {@code email}, if one has arrived. */
    Optional<String> newestConsentToken(String email) throws Exception {
        return newest(email, CONSENT_LINK).map(link -> link.group(1));
    }

    private Optional<Matcher> newest(String email, Pattern pattern) throws Exception {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        List<Path> mails;
        try (Stream<Path> files = Files.list(folder)) {
            mails = files.filter(file -> file.toString().endsWith(".eml"))
                    .sorted()
                    .toList();
        }
        for (Path file : mails.reversed()) {
            MimeMessage mail;
            try (InputStream in = Files.newInputStream(file)) {
                mail = new MimeMessage(Session.getInstance(new Properties()), in);
            }
            if (!isTo(mail, email)) {
                continue;
            }
            Matcher match = pattern.matcher(textOf(mail));
            if (match.find()) {
                return Optional.of(match);
            }
        }
        return Optional.empty();
    }

    private static boolean isTo(MimeMessage mail, String email) throws Exception {
        Address[] to = mail.getAllRecipients();
        return to != null
                && Stream.of(to)
                        .anyMatch(address ->
                                ((InternetAddress) address).getAddress().equalsIgnoreCase(email));
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
}
