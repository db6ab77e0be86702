package dev.stratus.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Feature packages meet through interfaces, records, enums and exceptions; only the composition
 * root ({@code app}) knows the concrete implementations of other features. {@code storage} (the
 * database layer every feature with metadata builds on) and {@code websocket} (the upgrade and
 * bounded reading of socket messages) are shared infrastructure, so they may be used directly.
 * {@code fs.PathGuard} is the public confinement API: any feature taking workspace paths from a
 * client (a terminal's start folder) uses it rather than a second, subtly different check.
 */
@AnalyzeClasses(packages = "dev.stratus.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** {@code PathGuard} is the workspace confinement API every feature taking client paths may use. */
    private static final String PUBLIC_CONFINEMENT_API = "dev.stratus.server.fs.PathGuard";

    private static DescribedPredicate<JavaClass> implementationOfAnotherFeature(String feature) {
        return new DescribedPredicate<>("an implementation class of a feature package other than " + feature) {
            @Override
            public boolean test(JavaClass c) {
                String pkg = c.getPackageName();
                if (!pkg.startsWith("dev.stratus.server.") || pkg.equals("dev.stratus.server." + feature)
                        || pkg.equals("dev.stratus.server.app") || pkg.equals("dev.stratus.server.storage")
                        || pkg.equals("dev.stratus.server.websocket")
                        || c.getName().equals(PUBLIC_CONFINEMENT_API)) {
                    return false;
                }
                return !(c.isInterface() || c.isRecord() || c.isEnum() || c.isAssignableTo(Throwable.class)
                        || c.getEnclosingClass().map(e -> e.isInterface() || e.isRecord()).orElse(false));
            }
        };
    }

    @ArchTest
    static final ArchRule httpUsesNoOtherImplementation = rule("http");
    @ArchTest
    static final ArchRule rpcUsesNoOtherImplementation = rule("rpc");
    @ArchTest
    static final ArchRule authUsesNoOtherImplementation = rule("auth");
    @ArchTest
    static final ArchRule workspaceUsesNoOtherImplementation = rule("workspace");
    @ArchTest
    static final ArchRule fsUsesNoOtherImplementation = rule("fs");
    @ArchTest
    static final ArchRule terminalUsesNoOtherImplementation = rule("terminal");

    /** The terminal feature owns its byte socket (so it uses Undertow), but not the HTTP host or the RPC layer. */
    @ArchTest
    static final ArchRule terminalDoesNotDependOnTheHttpHostOrRpc = noClasses()
            .that().resideInAPackage("dev.stratus.server.terminal..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stratus.server.http..", "dev.stratus.server.rpc..");

    @ArchTest
    static final ArchRule lspUsesNoOtherImplementation = rule("lsp");

    /** The language-server relay owns its socket (so it uses Undertow), but not the HTTP host or the RPC layer. */
    @ArchTest
    static final ArchRule lspDoesNotDependOnTheHttpHostOrRpc = noClasses()
            .that().resideInAPackage("dev.stratus.server.lsp..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stratus.server.http..", "dev.stratus.server.rpc..");

    @ArchTest
    static final ArchRule extensionUsesNoOtherImplementation = rule("extension");

    /** The extension host serves its own routes (so it uses Undertow), but not through the HTTP host's classes. */
    @ArchTest
    static final ArchRule extensionDoesNotDependOnTheHttpHost = noClasses()
            .that().resideInAPackage("dev.stratus.server.extension..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stratus.server.http..");

    @ArchTest
    static final ArchRule gitUsesNoOtherImplementation = rule("git");
    @ArchTest
    static final ArchRule searchUsesNoOtherImplementation = rule("search");

    @ArchTest
    static final ArchRule nothingDependsOnTheCompositionRoot = noClasses()
            .that().resideOutsideOfPackage("dev.stratus.server.app..")
            .should().dependOnClassesThat().resideInAPackage("dev.stratus.server.app..");

    @ArchTest
    static final ArchRule featuresDoNotDependOnTheHttpHost = noClasses()
            .that().resideInAnyPackage("dev.stratus.server.fs..", "dev.stratus.server.auth..", "dev.stratus.server.workspace..",
                    "dev.stratus.server.storage..", "dev.stratus.server.git..", "dev.stratus.server.search..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stratus.server.http..", "dev.stratus.server.rpc..", "io.undertow..");

    private static ArchRule rule(String feature) {
        return noClasses().that().resideInAPackage("dev.stratus.server." + feature + "..")
                .should().dependOnClassesThat(implementationOfAnotherFeature(feature));
    }
}
