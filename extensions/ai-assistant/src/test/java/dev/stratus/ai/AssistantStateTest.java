package dev.stratus.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.continuity.Cooldowns;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The help ai/status gives when no model is configured, which the browser shows as Markdown. */
class AssistantStateTest {

    @Test
    void helpShowsTheExampleConfigurationAsACodeBlock() {
        for (String problem : new String[] {null, "ai.deployments[0].tier: takes small, medium or large"}) {
            String help = new AssistantState(AiConfig.empty(), List.of(), Map.of(), problem, new Cooldowns()).status().help();
            List<String> lines = help.lines().toList();
            int start = lines.indexOf("    ai:");
            // The browser renders the help as Markdown: unindented, the YAML ran together into one paragraph.
            assertThat(start).as("the example's first line, indented as a Markdown code block").isPositive();
            assertThat(lines.get(start - 1)).as("a blank line before the code block").isBlank();
            int end = start;
            while (end < lines.size() && !lines.get(end).isBlank()) {
                end++;
            }
            assertThat(lines.subList(start, end)).allMatch(l -> l.startsWith("    "))
                    .anyMatch(l -> l.strip().equals("deployments:"))
                    .anyMatch(l -> l.strip().startsWith("provider: openai"));
        }
    }
}
