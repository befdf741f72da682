package com.latchkey.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rules of the hexagon (STYLE §9), written against a root package so that they can be
 * checked on the project and, to prove each can fail, on a deliberately broken fixture.
 */
final class HexagonRules {

    private HexagonRules() {}

    /** Each rule by name, as a function of the root package it guards. */
    static final Map<String, Function<String, ArchRule>> ALL = Map.ofEntries(
            Map.entry("domain depends on the JDK only", HexagonRules::domainIsPure),
            Map.entry("application depends on domain and the JDK only", HexagonRules::applicationIsPure),
            Map.entry("no JDBC, Micronaut or Jakarta in domain and application", HexagonRules::coreHasNoInfrastructure),
            Map.entry("adapters never import each other", HexagonRules::adaptersAreIndependent),
            Map.entry("adapters use ports, never services", HexagonRules::adaptersUsePortsOnly),
            Map.entry("controllers talk to use cases only", HexagonRules::webUsesUseCasesOnly),
            Map.entry(
                    "controllers call use cases on virtual threads, never on an event loop",
                    HexagonRules::useCasesRunOffTheEventLoops),
            Map.entry("no cycles between modules", HexagonRules::noCycles),
            Map.entry("inbound and outbound ports do not depend on each other", HexagonRules::portsStandApart),
            Map.entry("an adapter is package-private", HexagonRules::adaptersArePackagePrivate),
            Map.entry("no field injection", HexagonRules::noFieldInjection));

    /** The packages the rules name; a rule about a package that does not exist checks nothing. */
    static List<String> namedPackages(String root) {
        return List.of(
                root + ".domain",
                root + ".application.port.in",
                root + ".application.port.out",
                root + ".application.service",
                root + ".adapters.web",
                root + ".adapters.persistence",
                root + ".adapters.mail",
                root + ".adapters.secrets",
                root + ".adapters.limits",
                root + ".adapters.memory",
                root + ".adapters.keycache");
    }

    static ArchRule domainIsPure(String root) {
        return classes()
                .that()
                .resideInAPackage(root + ".domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", root + ".domain..")
                .because("the domain is plain Java: no framework, no JDBC, no adapter");
    }

    static ArchRule applicationIsPure(String root) {
        return classes()
                .that()
                .resideInAPackage(root + ".application..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", root + ".domain..", root + ".application..")
                .because("use cases depend on ports, never on Micronaut, Jakarta, JDBC or an adapter");
    }

    static ArchRule coreHasNoInfrastructure(String root) {
        return noClasses()
                .that()
                .resideInAnyPackage(root + ".domain..", root + ".application..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax..", "jakarta..", "io.micronaut..", root + ".adapters..")
                .because("java.. alone would still let JDBC in");
    }

    static ArchRule adaptersAreIndependent(String root) {
        return slices().matching(root + ".adapters.(*)..")
                .should()
                .notDependOnEachOther()
                .because("adapters are swapped per deployment, so none may rely on another");
    }

    static ArchRule adaptersUsePortsOnly(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".adapters..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(root + ".application.service..")
                .because("adapters see the application through its ports; services are wired in bootstrap");
    }

    static ArchRule webUsesUseCasesOnly(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".adapters.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(root + ".application.port.out..")
                .because("controllers call use cases; outbound ports are the other side of the hexagon");
    }

    static ArchRule useCasesRunOffTheEventLoops(String root) {
        DescribedPredicate<JavaClass> callsAUseCase = DescribedPredicate.describe(
                "call a use case",
                javaClass -> javaClass.getDirectDependenciesFromSelf().stream()
                        .map(Dependency::getTargetClass)
                        .anyMatch(target -> target.getPackageName().startsWith(root + ".application.port.in")
                                && target.getSimpleName().endsWith("UseCase")));
        DescribedPredicate<JavaAnnotation<?>> onTheBlockingExecutor = DescribedPredicate.describe(
                "@ExecuteOn(TaskExecutors.BLOCKING)",
                annotation -> annotation.getRawType().isEquivalentTo(ExecuteOn.class)
                        && TaskExecutors.BLOCKING.equals(annotation.get("value").orElse(null)));
        return classes()
                .that()
                .resideInAPackage(root + ".adapters.web..")
                .and()
                // top-level classes of ours: neither nested nor generated ($Controller$Definition)
                .haveNameNotMatching(".*\\$.*")
                .and(callsAUseCase)
                .should()
                .beAnnotatedWith(onTheBlockingExecutor)
                .because("a use case may reach the database, the limit store or SMTP, and nothing blocking"
                        + " runs on an HTTP event loop (SPEC §7)");
    }

    static ArchRule portsStandApart(String root) {
        return slices().matching(root + ".application.port.(*)..")
                .should()
                .notDependOnEachOther()
                .because("a use case's commands and results are not an adapter's, nor the other way round:"
                        + " each side of the hexagon changes without the other");
    }

    static ArchRule adaptersArePackagePrivate(String root) {
        DescribedPredicate<JavaClass> implementsAnOutboundPort = DescribedPredicate.describe(
                "implement an outbound port",
                javaClass -> javaClass.getAllRawInterfaces().stream()
                        .anyMatch(port -> port.getPackageName().startsWith(root + ".application.port.out")));
        return classes()
                .that()
                .resideInAPackage(root + ".adapters..")
                .and(implementsAnOutboundPort)
                .should()
                .notBePublic()
                .because("an adapter is chosen by its setting and built by its module's factory (STYLE 6, 13);"
                        + " public, it could be wired by hand around that choice");
    }

    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    static ArchRule noFieldInjection(String root) {
        return noFields()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage(root + "..")
                .should()
                .beAnnotatedWith("jakarta.inject.Inject")
                .orShould()
                .beAnnotatedWith("io.micronaut.context.annotation.Value")
                .orShould()
                .beAnnotatedWith("io.micronaut.context.annotation.Property")
                .because("dependencies come through constructors, so every object is whole once built");
    }
}
