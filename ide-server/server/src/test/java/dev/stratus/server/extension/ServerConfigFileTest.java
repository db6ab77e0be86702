package dev.stratus.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aliases an administrator turned off, while stratus.yaml is being edited: a version that is
 * not YAML keeps what the last good one said (the gateway must not go down mid-edit); a file that
 * was never read well turns every alias off.
 */
class ServerConfigFileTest {
    @TempDir
    Path base;

    @Test
    void aVersionThatIsNotYamlKeepsTheAliasesOfTheLastGoodOne() throws Exception {
        Path file = Files.writeString(base.resolve("stratus.yaml"), "extensions:\n  disabledAliases: [demo]\n");
        ServerConfigFile config = new ServerConfigFile(file);
        assertThat(config.disabledAliases()).containsExactly("demo");

        Files.writeString(file, "extensions:\n  disabledAliases: [demo, [unclosed\n");
        assertThat(config.disabledAliases()).containsExactly("demo");

        Files.writeString(file, "extensions: {disabledAliases: []}\n");
        assertThat(config.disabledAliases()).isEmpty();
    }

    @Test
    void aFileNeverReadWellTurnsEveryAliasOff() throws Exception {
        Path file = Files.writeString(base.resolve("stratus.yaml"), "extensions: {disabledAliases: [\n");
        assertThat(new ServerConfigFile(file).disabledAliases()).containsExactly("*");
    }

    @Test
    void aSectionIsComparedParsed() throws Exception {
        Path file = Files.writeString(base.resolve("stratus.yaml"), "# a comment\ndemo:\n  a: 1\n  b: [x, y]\nother: 1\n");
        ServerConfigFile config = new ServerConfigFile(file);
        ServerConfigFile.Section before = config.currentSection("demo");
        Files.writeString(file, "other: 2\ndemo: {b: [x, y], a: 1}\n");
        assertThat(config.currentSection("demo")).isEqualTo(before);
        Files.writeString(file, "demo: {a: 2, b: [x, y]}\n");
        assertThat(config.currentSection("demo")).isNotEqualTo(before);
        Files.writeString(file, "demo: [\n");
        assertThat(config.currentSection("demo").problem()).contains("line");
    }
}
