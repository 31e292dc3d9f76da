package io.handlespy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of issue 2 (capture → protocol → store → analysis → export / cli / ui),
 * enforced on the production classes.
 */
@AnalyzeClasses(packages = "io.handlespy",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.WithoutMain.class})
class ArchitectureTest {

    /** Main sits above every layer (it starts the CLI or the GUI), so it is no slice of its own. */
    static final class WithoutMain implements ImportOption {
        @Override public boolean includes(Location location) {
            return !location.contains("io/handlespy/Main.class");
        }
    }

    @ArchTest
    static final ArchRule onlyUiUsesJavaFx = noClasses()
        .that().resideOutsideOfPackage("io.handlespy.ui..")
        .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..", "org.kordamp..")
        .because("only the desktop app may need a JavaFX runtime; the CLI and the core run headless");

    @ArchTest
    static final ArchRule protocolStandsAlone = noClasses()
        .that().resideInAPackage("io.handlespy.protocol..")
        .should().dependOnClassesThat(resideInAPackage("io.handlespy..").and(not(resideInAPackage("io.handlespy.protocol.."))))
        .because("the wire protocol is the contract with the native agents and must not drag the app in");

    @ArchTest
    static final ArchRule lowerLayersNeverUseCliOrUi = noClasses()
        .that().resideInAnyPackage("io.handlespy.protocol..", "io.handlespy.capture..", "io.handlespy.store..",
            "io.handlespy.analysis..", "io.handlespy.symbols..", "io.handlespy.export..")
        .should().dependOnClassesThat().resideInAnyPackage("io.handlespy.cli..", "io.handlespy.ui..");

    @ArchTest
    static final ArchRule storeBelowAnalysisAndExport = noClasses()
        .that().resideInAPackage("io.handlespy.store..")
        .should().dependOnClassesThat().resideInAnyPackage("io.handlespy.analysis..", "io.handlespy.export..");

    @ArchTest
    static final ArchRule analysisBelowExport = noClasses()
        .that().resideInAPackage("io.handlespy.analysis..")
        .should().dependOnClassesThat().resideInAPackage("io.handlespy.export..");

    /** Issue 9: a Windows host has no mkfifo and no POSIX permissions, so the Windows helper's channel uses neither. */
    @ArchTest
    static final ArchRule windowsCapturePathNeedsNoPosixFacilities = noClasses()
        .that().haveFullyQualifiedName("io.handlespy.capture.HelperStdoutChannel")
        .or().haveFullyQualifiedName("io.handlespy.capture.ControlFile")
        .or().haveFullyQualifiedName("io.handlespy.capture.HelperRunner")
        .should().dependOnClassesThat().haveNameMatching("java\\.nio\\.file\\.attribute\\.Posix.*")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.handlespy.capture.FifoChannel");

    /** Suppressions, comparisons and iterations are built on the leak analysis; it never needs them. */
    @ArchTest
    static final ArchRule analysisCoreBelowItsFeatures = noClasses()
        .that().resideInAPackage("io.handlespy.analysis")
        .should().dependOnClassesThat().resideInAnyPackage("io.handlespy.analysis.compare..",
            "io.handlespy.analysis.suppress..", "io.handlespy.analysis.iterations..");

    @ArchTest
    static final ArchRule analysisFeaturesNeverCapture = noClasses()
        .that().resideInAnyPackage("io.handlespy.analysis..")
        .should().dependOnClassesThat().resideInAnyPackage("io.handlespy.capture..", "io.handlespy.session..");

    @ArchTest
    static final ArchRule noCyclesBetweenAnalysisFeatures = slices()
        .matching("io.handlespy.analysis.(*)..")
        .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noCyclesBetweenTopLevelPackages = slices()
        .matching("io.handlespy.(*)..")
        .should().beFreeOfCycles();
}
