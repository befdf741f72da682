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
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Test-only wrapper around the real transport, switched on by {@code test.transport-probe}: it
 * counts the mails this instance handed over (the ones the transport took), keeps the owner-link
 * mails the transport took (so a test can read a link's token without a mailbox) and, with
 * {@code test.crash-before-send}, dies (an {@link Error}, as a killed process would) after the key's
 * digest is committed and before the mail leaves.
 */
@Singleton
@Requires(property = "test.transport-probe", value = "true")
class TransportProbe implements BeanCreatedEventListener<SendKeyMailPort> {

    /** Thrown where the process would have died. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash between minting and sending");
        }
    }

    final AtomicInteger handedOver = new AtomicInteger();
    final List<String> keysLostInCrash = new CopyOnWriteArrayList<>();
    /** The owner-link mails the real transport took, oldest first. */
    final List<OwnerLinkMail> linksHandedOver = new CopyOnWriteArrayList<>();

    private final boolean crashBeforeSend;

    TransportProbe(
            @io.micronaut.context.annotation.Property(name = "test.crash-before-send", defaultValue = "false")
                    boolean crashBeforeSend) {
        this.crashBeforeSend = crashBeforeSend;
    }

    @Override
    public SendKeyMailPort onCreated(BeanCreatedEvent<SendKeyMailPort> event) {
        return new Probed(event.getBean());
    }

    /** The token of the newest link mail for {@code purpose} this instance handed over to {@code email}. */
    String newestLinkTokenFor(String email, LinkPurpose purpose) {
        return linksHandedOver.reversed().stream()
                .filter(mail -> mail.purpose() == purpose && mail.to().value().equalsIgnoreCase(email))
                .findFirst()
                .map(mail -> mail.token().reveal())
                .orElseThrow(() -> new AssertionError("no " + purpose + " link mail handed over to " + email));
    }

    /**
     * The transport with its key mails counted and its link mails kept once taken; its owner notices
     * (one bean serves every mail port) pass as they are.
     */
    private final class Probed
            implements SendKeyMailPort, SendOwnerNoticePort, SendErasureNoticePort, SendOwnerLinkPort {

        private final SendKeyMailPort real;

        Probed(SendKeyMailPort real) {
            this.real = real;
        }

        @Override
        public void send(List<KeyMail> mails, Instant handOverBefore, Consumer<KeyMailOutcome> outcomes) {
            if (crashBeforeSend) {
                mails.forEach(mail -> keysLostInCrash.add(mail.key().reveal()));
                throw new SimulatedCrash();
            }
            real.send(mails, handOverBefore, outcome -> {
                if (outcome instanceof KeyMailOutcome.Sent) {
                    handedOver.incrementAndGet();
                }
                outcomes.accept(outcome);
            });
        }

        @Override
        public void send(OwnerNotice notice) {
            ((SendOwnerNoticePort) real).send(notice);
        }

        @Override
        public void send(ErasureNotice notice) {
            ((SendErasureNoticePort) real).send(notice);
        }

        @Override
        public void send(OwnerLinkMail mail) {
            ((SendOwnerLinkPort) real).send(mail);
            linksHandedOver.add(mail);
        }
    }
}
