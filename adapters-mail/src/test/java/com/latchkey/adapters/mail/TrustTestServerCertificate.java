package com.latchkey.adapters.mail;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.email.javamail.sender.SessionProvider;
import jakarta.inject.Singleton;
import java.util.Properties;

/**
 * Test only, switched on by {@code test.smtp.trust-test-certificate}: trusts the self-signed
 * certificate of the test's own SMTP server (GreenMail's, which names no host). No production
 * setting can do this: there a certificate must be valid and name the configured host.
 */
@Singleton
@Requires(property = "test.smtp.trust-test-certificate", value = "true")
class TrustTestServerCertificate implements BeanCreatedEventListener<SessionProvider> {

    @Override
    public SessionProvider onCreated(BeanCreatedEvent<SessionProvider> event) {
        // The session reads its properties on every connection, so changing them here is enough.
        Properties properties = event.getBean().session().getProperties();
        for (String protocol : new String[] {"smtp", "smtps"}) {
            properties.put("mail." + protocol + ".ssl.trust", "*");
            properties.put("mail." + protocol + ".ssl.checkserveridentity", "false");
        }
        return event.getBean();
    }
}
