package com.latchkey.bootstrap;

import com.latchkey.application.port.out.ErasureNotice;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.OwnerNotice;
import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.domain.LinkPurpose;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A mail adapter as a team would write one outside adapters-mail: it implements the port, names
 * itself with {@code LATCHKEY_ADAPTERS_MAIL=outbox}, and keeps the mails, notices and link mails in lists a test reads.
 */
@Singleton
@Requires(property = "latchkey.adapters.mail", value = "outbox")
class OutboxMailAdapter implements SendKeyMailPort, SendOwnerNoticePort, SendErasureNoticePort, SendOwnerLinkPort {

    final List<KeyMail> sent = new CopyOnWriteArrayList<>();
    final List<OwnerNotice> notices = new CopyOnWriteArrayList<>();
    final List<OwnerLinkMail> links = new CopyOnWriteArrayList<>();
    final List<ErasureNotice> erasures = new CopyOnWriteArrayList<>();

    @Override
    public void send(ErasureNotice notice) {
        erasures.add(notice);
    }

    @Override
    public void send(OwnerLinkMail mail) {
        links.add(mail);
    }

    /** The link mails sent to {@code email} (any case), oldest first. */
    List<OwnerLinkMail> linksTo(String email) {
        return links.stream()
                .filter(mail -> mail.to().value().equalsIgnoreCase(email))
                .toList();
    }

    /** The token of the newest link mail for {@code purpose} to {@code email}, as the owner's page would read it. */
    String newestLinkTokenFor(String email, LinkPurpose purpose) {
        return linksTo(email).reversed().stream()
                .filter(mail -> mail.purpose() == purpose)
                .findFirst()
                .map(mail -> mail.token().reveal())
                .orElseThrow(() -> new AssertionError("no " + purpose + " link mail to " + email));
    }

    @Override
    public void send(OwnerNotice notice) {
        notices.add(notice);
    }

    @Override
    public void send(List<KeyMail> mails, Instant handOverBefore, Consumer<KeyMailOutcome> outcomes) {
        for (KeyMail mail : mails) {
            sent.add(mail);
            outcomes.accept(new KeyMailOutcome.Sent());
        }
    }

    /** A second adapter answering to {@code pickup}, for the test that two of one family stop the start. */
    @Singleton
    @Requires(property = "latchkey.adapters.mail", value = "pickup")
    @Requires(property = "test.second-pickup", value = "true")
    static final class SecondPickup extends OutboxMailAdapter {}
}
