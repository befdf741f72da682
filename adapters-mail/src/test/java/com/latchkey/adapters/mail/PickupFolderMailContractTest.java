package com.latchkey.adapters.mail;

import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.tck.mail.SendKeyMailContract;
import io.micronaut.context.ApplicationContext;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/** The pickup transport passes the mail contract, key mails, owner notices and owner-link mails: a real folder, and a folder that cannot be made. */
class PickupFolderMailContractTest extends SendKeyMailContract {

    private static final Path DATA_DIR = temporaryFolder();
    private static final Path BLOCKED_DATA_DIR = temporaryFolder();
    private static final ApplicationContext WORKING = pickupIn(DATA_DIR);
    private static final ApplicationContext DOWN = pickupIn(blocked(BLOCKED_DATA_DIR));

    @AfterAll
    static void stop() {
        WORKING.close();
        DOWN.close();
    }

    @Override
    protected SendKeyMailPort transport() {
        return WORKING.getBean(SendKeyMailPort.class);
    }

    @Override
    protected List<ReceivedMail> received() throws Exception {
        List<ReceivedMail> mails = new ArrayList<>();
        Path folder = DATA_DIR.resolve("mail");
        if (!Files.isDirectory(folder)) {
            return mails;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file :
                    files.filter(name -> name.toString().endsWith(".eml")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    mails.add(KeyMails.received(new MimeMessage(Session.getInstance(new Properties()), in)));
                }
            }
        }
        return mails;
    }

    @Override
    protected SendKeyMailPort transportToADestinationThatIsDown() {
        return DOWN.getBean(SendKeyMailPort.class);
    }

    @Override
    protected SendOwnerNoticePort notices() {
        return WORKING.getBean(SendOwnerNoticePort.class);
    }

    @Override
    protected SendOwnerNoticePort noticesToADestinationThatIsDown() {
        return DOWN.getBean(SendOwnerNoticePort.class);
    }

    @Override
    protected SendErasureNoticePort erasureNotices() {
        return WORKING.getBean(SendErasureNoticePort.class);
    }

    @Override
    protected SendErasureNoticePort erasureNoticesToADestinationThatIsDown() {
        return DOWN.getBean(SendErasureNoticePort.class);
    }

    @Override
    protected SendOwnerLinkPort links() {
        return WORKING.getBean(SendOwnerLinkPort.class);
    }

    @Override
    protected SendOwnerLinkPort linksToADestinationThatIsDown() {
        return DOWN.getBean(SendOwnerLinkPort.class);
    }

    private static ApplicationContext pickupIn(Path dataDir) {
        return ApplicationContext.run(
                Map.of("latchkey.adapters.mail", "pickup", "latchkey.data-dir", dataDir.toString()));
    }

    /** A data folder whose mail folder cannot be made: a file stands where it would be. */
    private static Path blocked(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve("mail"), "a file where the folder should be");
            return dataDir;
        } catch (java.io.IOException unwritable) {
            throw new IllegalStateException(unwritable);
        }
    }

    private static Path temporaryFolder() {
        try {
            Path folder = Files.createTempDirectory("pickup-contract");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (java.io.IOException unwritable) {
            throw new IllegalStateException(unwritable);
        }
    }
}
