package com.latchkey.bootstrap;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.CheckLeakReportSignaturePort;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.EraseOwnerDataPort;
import com.latchkey.application.port.out.KeyChangesPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.LoadKeyUsePort;
import com.latchkey.application.port.out.LoadOwnerLinkPort;
import com.latchkey.application.port.out.LoadSecretUsagePort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.ReadAuditTrailPort;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.application.port.out.SaveIntegrationPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SaveOwnerLinkPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.application.port.out.TransactionPort;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.AnnotationMetadataProvider;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.order.Ordered;
import io.micronaut.inject.BeanConfiguration;
import io.micronaut.inject.BeanDefinitionReference;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Every family of outbound ports has exactly one adapter, the one its setting names (SPEC §6,
 * docs/adapters.md): checked first thing at start, so that a wrong name, a missing jar or two jars
 * of one family stop the start with one line naming the setting, what was asked, and what exists.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
final class ChosenAdapters {

    /** A family of ports, the setting that names its adapter, and the setting's older name if it had one. */
    enum Family {
        STORE(
                "latchkey.adapters.store",
                null,
                List.of(
                        LoadApiKeyPort.class,
                        SaveApiKeyPort.class,
                        LoadKeyRequestPort.class,
                        SaveKeyRequestPort.class,
                        ClaimDueKeyRequestsPort.class,
                        RecordDeliveryAttemptPort.class,
                        AuditTrailPort.class,
                        TransactionPort.class,
                        KeyChangesPort.class,
                        LoadIntegrationPort.class,
                        SaveIntegrationPort.class,
                        RecordKeyUsePort.class,
                        LoadKeyUsePort.class,
                        ReadAuditTrailPort.class,
                        LoadSecretUsagePort.class,
                        OwnerStoresPort.class,
                        LoadOwnerLinkPort.class,
                        SaveOwnerLinkPort.class,
                        LoadConsentGrantPort.class,
                        SaveConsentGrantPort.class,
                        EraseOwnerDataPort.class)),
        MAIL(
                "latchkey.adapters.mail",
                "latchkey.mail.transport",
                List.of(
                        SendKeyMailPort.class,
                        SendOwnerNoticePort.class,
                        SendErasureNoticePort.class,
                        SendOwnerLinkPort.class)),
        LIMITS("latchkey.adapters.limits", null, List.of(RateLimitPort.class)),
        SECRETS(
                "latchkey.adapters.secrets",
                null,
                List.of(KeyDigestPort.class, SealPersonalDataPort.class, CheckLeakReportSignaturePort.class));

        final String property;
        final String olderProperty;
        final List<Class<?>> ports;

        Family(String property, String olderProperty, List<Class<?>> ports) {
            this.property = property;
            this.olderProperty = olderProperty;
            this.ports = ports;
        }

        /** The environment variable that sets {@link #property}: {@code LATCHKEY_ADAPTERS_MAIL}. */
        String setting() {
            return variable(property);
        }

        static String variable(String property) {
            return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    ChosenAdapters(ApplicationContext context) {
        for (Family family : Family.values()) {
            check(context, family);
        }
    }

    private static void check(ApplicationContext context, Family family) {
        String configured = context.getProperty(family.property, String.class).orElse("");
        // Echoed in the error line only if it could be a name (short: a pepper or secret has 32 characters
        // at least), so a secret pasted here by mistake is not logged.
        String chosen = configured.matches("[a-z0-9-]{1,24}") ? configured : "(not an adapter name; not shown)";
        for (Class<?> port : family.ports) {
            // A decorator of a port (the key cache) is @Secondary, so that plain injections get the
            // adapter's own bean: it is not counted as a second adapter. Any other bean is.
            int adapters = (int) context.getBeanDefinitions(port).stream()
                    .filter(definition -> !definition.hasDeclaredStereotype(Secondary.class))
                    .count();
            if (adapters == 1) {
                continue;
            }
            String asked = family.setting() + "=" + chosen;
            if (family.olderProperty != null
                    && context.getProperty(family.olderProperty, String.class)
                            .filter(configured::equals)
                            .isPresent()) {
                asked = Family.variable(family.olderProperty) + "=" + chosen + " (the older name of " + family.setting()
                        + ")";
            }
            TreeSet<String> names = namesOffered(context, family, port);
            String offered = String.join(", ", names);
            if (adapters == 0 && names.contains(configured)) {
                throw new ConfigurationException(asked + ": that adapter is on the class path but off, for want of"
                        + " another setting: " + whatItNeeds(context, family, configured));
            }
            throw new ConfigurationException(
                    adapters == 0
                            ? asked + ": no adapter of that name provides " + port.getSimpleName()
                                    + " (adapters on the class path: " + (offered.isEmpty() ? "none" : offered) + ")"
                            : asked + ": " + adapters + " adapters provide " + port.getSimpleName()
                                    + "; keep one jar of this family on the class path (adapters: " + offered + ")");
        }
    }

    /** Why an adapter that is present stays off: what the known ones need, or where to look. */
    private static String whatItNeeds(ApplicationContext context, Family family, String name) {
        if (family == Family.LIMITS && name.equals("jdbc")) {
            String store =
                    context.getProperty(Family.STORE.property, String.class).orElse("");
            return "jdbc limits keep their buckets in the database of the jdbc store, and "
                    + Family.STORE.setting() + " is " + (store.matches("[a-z0-9-]{1,24}") ? store : "another store")
                    + ": choose memory, redis or none";
        }
        return "see docs/adapters.md";
    }

    /**
     * The names every adapter on the class path answers to for this port, enabled or not: the value
     * its bean requires of the family's setting.
     */
    private static TreeSet<String> namesOffered(ApplicationContext context, Family family, Class<?> port) {
        TreeSet<String> names = new TreeSet<>();
        // Packages whose every bean is chosen at once (@Configuration @Requires in a package-info).
        List<BeanConfiguration> packages = SoftServiceLoader.load(BeanConfiguration.class, context.getClassLoader())
                .collectAll();
        // Every bean compiled onto the class path, not only those enabled (the context knows those alone).
        for (BeanDefinitionReference<?> reference : SoftServiceLoader.load(
                        BeanDefinitionReference.class, context.getClassLoader())
                .collectAll()) {
            if (!reference.isPresent() || !port.isAssignableFrom(reference.getBeanType())) {
                continue;
            }
            names.addAll(namesRequired(reference.load(), family));
            for (BeanConfiguration within : packages) {
                if (within.isWithin(reference)) {
                    names.addAll(namesRequired(within, family));
                }
            }
        }
        return names;
    }

    private static List<String> namesRequired(AnnotationMetadataProvider annotated, Family family) {
        return annotated.getAnnotationMetadata().getAnnotationValuesByType(Requires.class).stream()
                .filter(requires -> requires.stringValue("property")
                        .filter(family.property::equals)
                        .isPresent())
                .flatMap(requires -> requires.stringValue().stream())
                .toList();
    }
}
