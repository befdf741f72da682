package com.latchkey.adapters.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.tck.mail.SendKeyMailContract;
import io.micronaut.context.ApplicationContext;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SMTP transport passes the mail contract, key mails, owner notices and owner-link mails: a real SMTP server in
 * this JVM, and a port nothing listens on.
 */
class SmtpMailContractTest extends SendKeyMailContract {

    @RegisterExtension
    static GreenMailExtension smtpServer = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final List<ApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void stop() {
        contexts.forEach(ApplicationContext::close);
    }

    @Override
    protected SendKeyMailPort transport() {
        return smtpOn(smtpServer.getSmtp().getPort()).getBean(SendKeyMailPort.class);
    }

    @Override
    protected List<ReceivedMail> received() throws Exception {
        List<ReceivedMail> mails = new ArrayList<>();
        for (MimeMessage message : smtpServer.getReceivedMessages()) {
            mails.add(KeyMails.received(message));
        }
        return mails;
    }

    @Override
    protected SendKeyMailPort transportToADestinationThatIsDown() {
        return smtpOn(closedPort()).getBean(SendKeyMailPort.class);
    }

    @Override
    protected SendOwnerNoticePort notices() {
        return smtpOn(smtpServer.getSmtp().getPort()).getBean(SendOwnerNoticePort.class);
    }

    @Override
    protected SendOwnerNoticePort noticesToADestinationThatIsDown() {
        return smtpOn(closedPort()).getBean(SendOwnerNoticePort.class);
    }

    @Override
    protected SendErasureNoticePort erasureNotices() {
        return smtpOn(smtpServer.getSmtp().getPort()).getBean(SendErasureNoticePort.class);
    }

    @Override
    protected SendErasureNoticePort erasureNoticesToADestinationThatIsDown() {
        return smtpOn(closedPort()).getBean(SendErasureNoticePort.class);
    }

    @Override
    protected SendOwnerLinkPort links() {
        return smtpOn(smtpServer.getSmtp().getPort()).getBean(SendOwnerLinkPort.class);
    }

    @Override
    protected SendOwnerLinkPort linksToADestinationThatIsDown() {
        return smtpOn(closedPort()).getBean(SendOwnerLinkPort.class);
    }

    private static int closedPort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private ApplicationContext smtpOn(int port) {
        ApplicationContext context = ApplicationContext.run(Map.of(
                "latchkey.adapters.mail", "smtp",
                "latchkey.smtp.host", "127.0.0.1",
                "latchkey.smtp.port", port,
                "latchkey.smtp.timeout", "2s",
                "latchkey.smtp.tls", "none"));
        contexts.add(context);
        return context;
    }
}
