package dev.kizashi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.kizashi.archfixture.a.First;
import dev.kizashi.archfixture.b.Second;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layout of all modules (production classes only): no cycles between packages, Flink
 * only where a Flink type is the point, and the code the job runs apart from training, evaluation
 * and the generator.
 */
class ArchitectureTest {

    /** Packages of plain business logic: no Flink import, so they read and test alone. */
    static final String[] PLAIN = {
        "dev.kizashi.model..",
        "dev.kizashi.wire..",
        "dev.kizashi.alert..",
        "dev.kizashi.profile..",
        "dev.kizashi.detect..",
        "dev.kizashi.score..",
        "dev.kizashi.step..",
        "dev.kizashi.pdca..",
        "dev.kizashi.fit..",
        "dev.kizashi.eval..",
        "dev.kizashi.generator..",
        "dev.kizashi.dashboards..",
    };

    /** What the streaming job runs. */
    static final String[] RUNTIME = {
        "dev.kizashi.model..",
        "dev.kizashi.wire..",
        "dev.kizashi.alert..",
        "dev.kizashi.profile..",
        "dev.kizashi.codec..",
        "dev.kizashi.detect..",
        "dev.kizashi.score..",
        "dev.kizashi.step..",
        "dev.kizashi.pdca..",
        "dev.kizashi.jobs..",
    };

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        // The other modules arrive as jars; their test-jars are not production.
                        .withImportOption(location -> !location.contains("-tests.jar"))
                        .importPackages("dev.kizashi");
    }

    @Test
    void importsEveryModule() {
        // Guards the rules below against passing on an empty or partial class path.
        for (String pkg :
                new String[] {
                    "dev.kizashi.model", "dev.kizashi.jobs", "dev.kizashi.connectors.kafka",
                    "dev.kizashi.generator", "dev.kizashi.dashboards", "dev.kizashi.cep"
                }) {
            org.assertj.core.api.Assertions.assertThat(classes.containPackage(pkg))
                    .as(pkg)
                    .isTrue();
        }
    }

    static final ArchRule NO_CYCLES =
            slices().matching("dev.kizashi.(**)").should().beFreeOfCycles();

    @Test
    void packagesHaveNoCycles() {
        NO_CYCLES.check(classes);
    }

    @Test
    void theCycleRuleCatchesACycle() {
        JavaClasses cycle = new ClassFileImporter().importClasses(First.class, Second.class);
        assertThatThrownBy(() -> NO_CYCLES.check(cycle))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
    }

    @Test
    void businessLogicHasNoFlinkImports() {
        noClasses()
                .that()
                .resideInAnyPackage(PLAIN)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.flink..")
                .check(classes);
    }

    @Test
    void runtimeDoesNotReachTrainingEvaluationOrTheGenerator() {
        noClasses()
                .that()
                .resideInAnyPackage(RUNTIME)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.kizashi.fit..",
                        "dev.kizashi.eval..",
                        "dev.kizashi.cep..",
                        "dev.kizashi.generator..",
                        "dev.kizashi.cli..",
                        "dev.kizashi.bench..")
                .check(classes);
    }
}
