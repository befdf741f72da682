package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hexagon's rules hold on the production classes of every module, and each rule fails on a
 * fixture built to break it, so none of them passes by checking nothing.
 */
class ArchitectureTest {

    private static final String ROOT = "com.latchkey";
    private static final String FIXTURE = "com.latchkey.archfixture";

    private static JavaClasses production;
    private static JavaClasses fixture;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        // Micronaut's generated bean definitions ($..$Definition) are the framework's, not ours.
        fixture = new ClassFileImporter().importPackages(FIXTURE);
    }

    static Stream<Arguments> rules() {
        return HexagonRules.ALL.entrySet().stream().map(rule -> Arguments.of(rule.getKey(), rule.getValue()));
    }

    @Test
    void everyPackageTheRulesNameHoldsClasses() {
        for (String name : HexagonRules.namedPackages(ROOT)) {
            assertThat(production.stream().anyMatch(c -> c.getPackageName().startsWith(name)))
                    .as("classes in %s", name)
                    .isTrue();
        }
        assertThat(production.stream().anyMatch(c -> c.getPackageName().startsWith(ROOT + ".bootstrap")))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ruleHoldsOnTheProject(String name, Function<String, com.tngtech.archunit.lang.ArchRule> rule) {
        rule.apply(ROOT).check(withoutGenerated(production));
    }

    @ParameterizedTest(name = "{0} catches its violation")
    @MethodSource("rules")
    void ruleFailsOnTheBrokenFixture(String name, Function<String, com.tngtech.archunit.lang.ArchRule> rule) {
        EvaluationResult result = rule.apply(FIXTURE).evaluate(fixture);

        assertThat(result.hasViolation())
                .as("violations of '%s' in the fixture", name)
                .isTrue();
    }

    private static JavaClasses withoutGenerated(JavaClasses classes) {
        return classes.that(com.tngtech.archunit.base.DescribedPredicate.describe(
                "written by us",
                javaClass -> !javaClass.getSimpleName().startsWith("$")
                        && !javaClass.getName().contains("$$")));
    }
}
