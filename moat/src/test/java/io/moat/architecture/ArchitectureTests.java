package io.moat.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RestController;

/** The house rules of style.md, each with its reason. */
@AnalyzeClasses(
        packages = "io.moat",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTests.MoatOnly.class})
class ArchitectureTests {

    /** The rules are Moat's; the simulator on the test classpath is not production code. */
    static final class MoatOnly implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("/io/moat/wecomsim/") && !location.contains("wecom-sim");
        }
    }

    @ArchTest
    static final ArchRule noLegacyDates = noClasses()
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.util.Date")
            .because("time is java.time from an injected Clock");

    @ArchTest
    static final ArchRule clockIsInjected = noClasses()
            .should()
            .callMethod(java.time.Instant.class, "now")
            .orShould()
            .callMethod(java.time.LocalDateTime.class, "now")
            .orShould()
            .callMethod(java.time.OffsetDateTime.class, "now")
            .orShould()
            .callMethod(java.time.LocalDate.class, "now")
            .orShould()
            .callMethod(java.time.ZonedDateTime.class, "now")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .because("time comes from the injected Clock so tests can fix it");

    @ArchTest
    static final ArchRule noBannedNames = noClasses()
            .should()
            .haveSimpleNameEndingWith("Impl")
            .orShould()
            .haveSimpleNameEndingWith("Util")
            .orShould()
            .haveSimpleNameEndingWith("Utils")
            .orShould()
            .haveSimpleNameEndingWith("Helper")
            .orShould()
            .haveSimpleNameEndingWith("Manager")
            .orShould()
            .haveSimpleNameEndingWith("DTO")
            .orShould()
            .haveSimpleNameEndingWith("VO")
            .orShould()
            .haveSimpleNameEndingWith("DO")
            .because("names come from the domain (style.md, Naming)");

    @ArchTest
    static final ArchRule noHungarianInterfaces = noClasses()
            .that()
            .areInterfaces()
            .should()
            .haveNameMatching(".*\\.I[A-Z][a-z].*")
            .because("interfaces are named for what they are, not prefixed with I");

    @ArchTest
    static final ArchRule controllersHoldNoSql = noClasses()
            .that()
            .areAnnotatedWith(RestController.class)
            .should()
            .dependOnClassesThat()
            .areAssignableTo(JdbcClient.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(JdbcTemplate.class)
            .because("controllers parse, call a facade and map the result; SQL lives behind the facade");

    @ArchTest
    static final ArchRule controllersArePackagePrivate = classes()
            .that()
            .areAnnotatedWith(RestController.class)
            .should()
            .notBePublic()
            .because("controllers are not an API other code calls");

    @ArchTest
    static final ArchRule constructorInjection =
            fields().should().notBeAnnotatedWith(Autowired.class).because("dependencies arrive through constructors");

    @ArchTest
    static final ArchRule noJpa = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("jakarta.persistence..")
            .because("persistence is Spring Data JDBC and readable SQL, never JPA");

    @ArchTest
    static final ArchRule noConsolePrinting = noClasses()
            .should()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err")
            .because("output goes through the structured logs");

    @ArchTest
    static final ArchRule productionNeverDependsOnTheSimulator = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.moat.wecomsim..")
            .because("the simulator stands in for WeCom in tests and the demo, never in production code");
}
