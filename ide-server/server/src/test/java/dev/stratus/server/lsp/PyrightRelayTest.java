package dev.stratus.server.lsp;

import java.util.List;
import java.util.Map;

/** The relay contract against pyright. */
class PyrightRelayTest extends LanguageServerRelayContract {

    PyrightRelayTest() {
        super(new Scenario("pyright", "python",
                Map.of("util.py", "def greet(name: str) -> str:\n    return \"hi \" + name\n",
                        "main.py", "from util import greet\n\nn: int = greet(\"x\")\ns = \"abc\"\ns.upper()\n"),
                "main.py", List.of(),
                "\"int\"",
                new At("main.py", 4, 2), "upper",
                new At("main.py", 2, 9), Map.of("util.py", 0),
                new At("util.py", 0, 4)));
    }
}
