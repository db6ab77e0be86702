package dev.stratus.server.lsp;

import java.util.List;
import java.util.Map;

/** The relay contract against typescript-language-server (tsserver). */
class TypeScriptRelayTest extends LanguageServerRelayContract {

    TypeScriptRelayTest() {
        super(new Scenario("typescript", "typescript",
                Map.of("util.ts", "export function greet(name: string): string {\n  return \"hi \" + name;\n}\n",
                        "main.ts", "import { greet } from \"./util\";\nconst n: number = greet(\"x\");\nconst s = \"abc\";\ns.toUpperCase();\n"),
                "main.ts",
                // tsserver answers only for files of a project it has open.
                List.of("util.ts"),
                // A type error: tsserver sends it in a later publishDiagnostics than the syntax check.
                "Type 'string' is not assignable to type 'number'",
                new At("main.ts", 3, 2), "toUpperCase",
                new At("main.ts", 1, 18), Map.of("util.ts", 0),
                new At("util.ts", 0, 16)));
    }
}
