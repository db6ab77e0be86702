package dev.stratus.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.governance.RedactionConfig;
import dev.stratus.ai.governance.Redactor;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An edit made of redacted text gets the file's secrets back, or is refused; never written with placeholders. */
class SecretRestoreTest {
    private static final String KEY = "sk-proj-AbCdEf1234567890XyZaBcDeFgH12";
    private static final String OTHER = "sk-proj-ZzYyXx0987654321AaBbCcDdEeFf99";
    private final Redactor redactor = new Redactor(RedactionConfig.defaults());

    private String redact(String text) {
        return redactor.redact(new ChatRequest(List.of(ChatMessage.user(text)), List.of(), null, null)).request().messages().get(0).content();
    }

    /** What a model does with the file it was shown: renames x, keeps the rest, placeholder included. */
    private String modelRenames(String original) {
        String seen = redact(original);
        assertThat(seen).doesNotContain(KEY).contains("[REDACTED:");
        return seen.replace("int x;", "int count;");
    }

    @Test
    void theOnlySecretOfItsKindIsPutBackWhereverTheAnswerKeptIt() throws Exception {
        String original = "class Secret {\n    int x;\n    String key = \"" + KEY + "\";\n}\n";
        String restored = SecretRestore.restore(original, redact(original), modelRenames(original));
        assertThat(restored).isEqualTo(original.replace("int x;", "int count;"));
    }

    @Test
    void severalSecretsOfOneKindArePutBackInTurnWhenTheAnswerKeptThemAll() throws Exception {
        String original = "a = \"" + KEY + "\";\nint x;\nb = \"" + OTHER + "\";\n";
        String restored = SecretRestore.restore(original, redact(original), modelRenames(original));
        assertThat(restored).isEqualTo("a = \"" + KEY + "\";\nint count;\nb = \"" + OTHER + "\";\n");
    }

    @Test
    void anAnswerThatDroppedOneOfSeveralDifferentSecretsOfAKindIsRefused() {
        String original = "a = \"" + KEY + "\";\nint x;\nb = \"" + OTHER + "\";\n";
        String seen = redact(original);
        String answer = seen.substring(seen.indexOf('\n') + 1); // the first line, and its secret, gone
        assertThatThrownBy(() -> SecretRestore.restore(original, seen, answer))
                .isInstanceOf(SecretRestore.Unrestorable.class).hasMessageContaining("openai-key");
    }

    @Test
    void aTextWithoutSecretsOrAnAnswerWithoutPlaceholdersIsLeftAsItIs() throws Exception {
        assertThat(SecretRestore.restore("int x;\n", "int x;\n", "int count; // [REDACTED:openai-key]\n"))
                .isEqualTo("int count; // [REDACTED:openai-key]\n");
        String original = "key = \"" + KEY + "\"\n";
        assertThat(SecretRestore.restore(original, redact(original), "nothing secret\n")).isEqualTo("nothing secret\n");
    }

    @Test
    void aPlaceholderTheTextNeverHeldIsTheModelsOwnWriting() throws Exception {
        String original = "key = \"" + KEY + "\"\n";
        String answer = redact(original) + "// see [REDACTED:github-token]\n";
        assertThat(SecretRestore.restore(original, redact(original), answer)).isEqualTo(original + "// see [REDACTED:github-token]\n");
    }

    @Test
    void aRedactedTextThatDoesNotLineUpWithTheFileRestoresNothing() {
        assertThat(SecretRestore.secrets("abc", "xyz[REDACTED:openai-key]")).isNull();
        assertThat(SecretRestore.secrets("a KEYOTHER b", "a [REDACTED:openai-key][REDACTED:openai-key] b")).isNull();
        assertThatThrownBy(() -> SecretRestore.restore("abc", "xyz[REDACTED:openai-key]", "[REDACTED:openai-key]"))
                .isInstanceOf(SecretRestore.Unrestorable.class);
    }

    @Test
    void aMultiLinePrivateKeyComesBackWhole() throws Exception {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n"
                + "aFDrBz9vFqU4yQeVd2Zk0mV8WvH1PqGm1Tz6sE2I2yPBaFDrBz9vFqU4yQeVd2Zk\n-----END RSA PRIVATE KEY-----";
        String original = "int x;\nString pem = \"\"\"\n" + pem + "\n\"\"\";\n";
        String seen = redact(original);
        assertThat(seen).doesNotContain("MIIEow");
        String restored = SecretRestore.restore(original, seen, seen.replace("int x;", "int count;"));
        assertThat(restored).isEqualTo(original.replace("int x;", "int count;"));
    }

    @Test
    void aNotebooksSecretsAreReplacedInsideItsJsonStringsAndComeBackIntoAnEditedNotebook() throws Exception {
        String original = """
                {
                 "cells": [
                  {
                   "cell_type": "code",
                   "metadata": {},
                   "outputs": [{"name": "stdout", "output_type": "stream", "text": ["api_key = \\"%s\\"\\n"]}],
                   "source": [
                    "db_password = \\"hunter2hunter2\\"\\n",
                    "API_TOKEN=abcd1234efgh5678\\n",
                    "x = connect(db_password)"
                   ]
                  }
                 ],
                 "nbformat": 4
                }
                """.formatted(KEY);
        ObjectMapper json = new ObjectMapper();
        String seen = redact(original);

        JsonNode cell = json.readTree(seen).path("cells").path(0);
        assertThat(cell.path("source").path(0).asText()).isEqualTo("db_password = \"[REDACTED:secret-assignment]\"\n");
        assertThat(cell.path("source").path(1).asText()).isEqualTo("API_TOKEN=[REDACTED:env-secret]\n");
        assertThat(cell.path("outputs").path(0).path("text").path(0).asText()).isEqualTo("api_key = \"[REDACTED:openai-key]\"\n");
        assertThat(seen).doesNotContain("hunter2hunter2", "abcd1234efgh5678", KEY);

        String restored = SecretRestore.restore(original, seen, seen.replace("x = connect", "conn = connect"));
        assertThat(restored).isEqualTo(original.replace("x = connect", "conn = connect"));
        assertThat(json.readTree(restored).path("cells").path(0).path("source").path(1).asText()).isEqualTo("API_TOKEN=abcd1234efgh5678\n");
    }
}
