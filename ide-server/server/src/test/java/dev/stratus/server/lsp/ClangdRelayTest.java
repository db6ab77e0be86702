package dev.stratus.server.lsp;

import java.util.List;
import java.util.Map;

/** The relay contract against clangd, on C. */
class ClangdRelayTest extends LanguageServerRelayContract {

    ClangdRelayTest() {
        super(new Scenario("clangd", "c",
                Map.of("util.h", "int greet(int x);\n",
                        "util.c", "#include \"util.h\"\nint greet(int x) { return x + 1; }\n",
                        "main.c", "#include \"util.h\"\nstruct point { int x; int y; };\nint main(void) {\n  struct point p;\n"
                                + "  p.x = greet(1);\n  p.y = missing;\n  return p.x;\n}\n"),
                "main.c",
                // Without a background index, clangd knows the definitions in open files only.
                List.of("util.c"),
                "undeclared identifier 'missing'",
                new At("main.c", 6, 11), "y",
                new At("main.c", 4, 8), Map.of("util.c", 1, "util.h", 0),
                new At("main.c", 4, 8)));
    }
}
