package dev.stratus.extension.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type and member of the API carries javadoc with {@code @since} (javadoc itself
 * checks, with doclint, that none is missing; this checks what doclint does not).
 */
class ApiDocumentationTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/stratus/extension/api");
    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);

    @Test
    void everyJavadocBlockSaysSinceWhichVersion() throws Exception {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(f);
                Matcher m = JAVADOC.matcher(text);
                int blocks = 0;
                while (m.find()) {
                    blocks++;
                    if (!m.group(1).contains("@since")) {
                        int line = text.substring(0, m.start()).split("\n", -1).length;
                        missing.add(f.getFileName() + ":" + line);
                    }
                }
                assertThat(blocks).as("javadoc blocks in " + f.getFileName()).isPositive();
            }
        }
        assertThat(missing).as("javadoc without @since").isEmpty();
    }
}
