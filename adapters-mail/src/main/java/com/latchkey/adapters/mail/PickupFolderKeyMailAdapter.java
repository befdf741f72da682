package com.latchkey.adapters.mail;

import com.latchkey.application.port.out.ErasureNotice;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.OwnerNotice;
import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import io.micronaut.email.EmailComposer;
import jakarta.mail.Message;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Writes each key mail, owner notice and owner-link mail as an RFC 822 {@code .eml} file into a folder (one
 * file per mail, a batch's files one after another), for running without a mail server: a person
 * opens the file in any mail program. The file appears whole or not at all, and only the service's
 * own user can read it (folder 0700, files 0600): a key mail holds a live key.
 */
final class PickupFolderKeyMailAdapter
        implements SendKeyMailPort, SendOwnerNoticePort, SendErasureNoticePort, SendOwnerLinkPort {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * The names {@link #writeFile} gives: a mail ({@code STAMP-uuid.eml}), or the hidden partial file
     * it is written into first ({@code .STAMP-uuid.eml.part}). {@link PickupMailRetention} removes
     * these and nothing else.
     */
    private static final String MAIL_NAME = "\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\.eml";

    private static final Pattern WRITTEN_HERE = Pattern.compile(MAIL_NAME + "|\\." + MAIL_NAME + "\\.part");

    private final KeyMailTemplate template;
    private final OwnerNoticeTemplate notices;
    private final OwnerLinkTemplate links;
    private final EmailComposer<? extends Message> composer;
    private final Path folder;

    PickupFolderKeyMailAdapter(
            KeyMailTemplate template,
            OwnerNoticeTemplate notices,
            OwnerLinkTemplate links,
            EmailComposer<? extends Message> composer,
            Path folder) {
        this.template = template;
        this.notices = notices;
        this.links = links;
        this.composer = composer;
        this.folder = folder;
    }

    @Override
    public void send(List<KeyMail> mails, Instant handOverBefore, Consumer<KeyMailOutcome> outcomes) {
        for (KeyMail mail : mails) {
            outcomes.accept(Instant.now().isBefore(handOverBefore) ? write(mail) : SmtpKeyMailAdapter.NOT_BEGUN);
        }
    }

    @Override
    public void send(OwnerNotice notice) {
        try {
            writeFile(composer.compose(notices.compose(notice).build()));
        } catch (Exception failed) {
            throw SmtpKeyMailAdapter.noticeNotSent(notice, failed);
        }
    }

    @Override
    public void send(ErasureNotice notice) {
        try {
            writeFile(composer.compose(notices.compose(notice).build()));
        } catch (Exception failed) {
            throw SmtpKeyMailAdapter.erasureNotSent(notice, failed);
        }
    }

    @Override
    public void send(OwnerLinkMail mail) {
        try {
            writeFile(composer.compose(links.compose(mail).build()));
        } catch (Exception failed) {
            throw SmtpKeyMailAdapter.linkNotSent(mail, failed);
        }
    }

    private KeyMailOutcome write(KeyMail mail) {
        try {
            writeFile(composer.compose(template.compose(mail).build()));
            return new KeyMailOutcome.Sent();
        } catch (Exception refused) {
            return new KeyMailOutcome.NotSent(SmtpKeyMailAdapter.rootCauseName(refused));
        }
    }

    private void writeFile(Message message) throws Exception {
        OwnerOnlyFiles.createFolder(folder);
        String name = STAMP.format(Instant.now()) + "-" + UUID.randomUUID() + ".eml";
        Path partial = folder.resolve("." + name + ".part");
        try {
            try (OutputStream out = OwnerOnlyFiles.createFile(partial)) {
                message.writeTo(out);
            }
            Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (Exception failed) {
            deleteQuietly(partial);
            throw failed;
        }
    }

    /** Whether a file of the pickup folder has a name this adapter gives its mails (or their partial files). */
    static boolean isWrittenHere(String fileName) {
        return WRITTEN_HERE.matcher(fileName).matches();
    }

    private static void deleteQuietly(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (Exception ignored) {
            // The next attempt writes a new file; a stray partial file holds a key that never verifies.
        }
    }
}
