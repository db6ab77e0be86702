package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Assignments in .env, YAML, properties and INI files, read whole or as the search tool's
 * {@code path:line: text} lines: a value under a secret-sounding name is a secret whatever its
 * length or characters; the same names in ordinary code are left alone.
 */
class SecretRulesEnvTest {
    private final Redactor redactor = new Redactor(RedactionConfig.defaults());

    private String redact(String text) {
        return redactor.redact(new ChatRequest(List.of(ChatMessage.toolResult("c1", text)), null, null, null))
                .request().messages().getFirst().content();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "DB_PASSWORD=letmein                   | DB_PASSWORD=[REDACTED:env-secret]",
        "DB_PASS=Summer                        | DB_PASS=[REDACTED:env-secret]",
        "MYSQL_ROOT_PASSWORD=root              | MYSQL_ROOT_PASSWORD=[REDACTED:env-secret]",
        "PGPASSWORD=123456                     | PGPASSWORD=[REDACTED:env-secret]",
        "MYSQL_PWD=root                        | MYSQL_PWD=[REDACTED:env-secret]",
        "SECRET_KEY_BASE=abc                   | SECRET_KEY_BASE=[REDACTED:env-secret]",
        "`DB_PASSWORD = letmein`               | `DB_PASSWORD = [REDACTED:env-secret]`",
        "password=hunter2hunter2               | password=[REDACTED:env-secret]",
        "db_password=hunter2                   | db_password=[REDACTED:env-secret]",
        "dbPassword=p                          | dbPassword=[REDACTED:env-secret]",
        "export api_key=abc                    | export api_key=[REDACTED:env-secret]",
        "`  password: hunter2`                 | `  password: [REDACTED:env-secret]`",
        "`- password: hunter2`                 | `- password: [REDACTED:env-secret]`",
        "`DB_PASSWORD: root`                   | `DB_PASSWORD: [REDACTED:env-secret]`",
        "`client_secret: abc`                  | `client_secret: [REDACTED:env-secret]`",
        "`password: \"letmein\"`               | `password: [REDACTED:env-secret]`",
        "spring.datasource.password=s3cret     | spring.datasource.password=[REDACTED:env-secret]",
        "`password = letmein`                  | `password = [REDACTED:env-secret]`",
        "`authToken = abc`                     | `authToken = [REDACTED:env-secret]`",
        "`SMTP_PASSWORD=\"correct horse battery staple\"` | SMTP_PASSWORD=[REDACTED:env-secret]",
    })
    void aValueUnderASecretNameInAConfigFileIsRedactedWhateverItsLengthOrCase(String line, String expected) {
        assertThat(redact(line)).isEqualTo(expected);
    }

    @Test
    void aConfigFileReadWholeHasEveryShortPasswordRedacted() {
        String yaml = "app:\n  name: shop\n  db:\n    user: shop\n    password: hunter2\n  cache:\n    token: abc\n";
        assertThat(redact(yaml)).isEqualTo(
                "app:\n  name: shop\n  db:\n    user: shop\n    password: [REDACTED:env-secret]\n  cache:\n    token: [REDACTED:env-secret]\n");
        String env = "DB_HOST=db\r\nDB_PASSWORD=letmein\r\nDB_PORT=5432\r\n";
        assertThat(redact(env)).isEqualTo("DB_HOST=db\r\nDB_PASSWORD=[REDACTED:env-secret]\r\nDB_PORT=5432\r\n");
    }

    @Test
    void searchResultLinesAreRedactedLikeTheFileTheyComeFrom() {
        String results = ".env:9: SMTP_PASSWORD=\"correct horse battery staple\"\n"
                + ".env:14: PGPASSWORD=pg-pass-1\n"
                + "config/app.yml:5: password: hunter2\n"
                + "deploy/prod env/.env.local:2: export DB_PASS=Summer\n"
                + "src/Login.java:42: password = request.getParameter(\"password\");\n";
        assertThat(redact(results)).isEqualTo(".env:9: SMTP_PASSWORD=[REDACTED:env-secret]\n"
                + ".env:14: PGPASSWORD=[REDACTED:env-secret]\n"
                + "config/app.yml:5: password: [REDACTED:env-secret]\n"
                + "deploy/prod env/.env.local:2: export DB_PASS=[REDACTED:env-secret]\n"
                + "src/Login.java:42: password = request.getParameter(\"password\");\n");
    }

    @Test
    void grepOutputWithoutASpaceAfterTheLineNumberIsRedactedToo() {
        assertThat(redact(".env:3:DB_PASSWORD=letmein")).isEqualTo(".env:3:DB_PASSWORD=[REDACTED:env-secret]");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "redis://:s3cr3tpass@localhost:6379",
        "REDIS_URL=redis://:s3cr3tpass@localhost:6379/0",
        ".env:3: REDIS_URL=redis://:s3cr3tpass@localhost:6379",
    })
    void aConnectionStringWithAnEmptyUserHasItsPasswordRedacted(String text) {
        assertThat(redact(text)).contains("redis://:[REDACTED:connection-password]@localhost:6379").doesNotContain("s3cr3tpass");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DB_PASSWORD=",
        "password=",
        "DB_PASSWORD=${DB_PASSWORD}",
        "DB_PASSWORD=$DB_PASSWORD",
        "password: ${DB_PASSWORD}",
        "password: \"\"",
        "password:",
        "credentials:\n  username: app",
        "secrets: [db, api]",
        "secrets: {db: x}",
        "private_key: |",
        "password: *default_password",
        "PASSWORD_FILE=/run/secrets/db",
        "PASSWORD_MIN_LENGTH=12",
        "TOKEN_TTL=3600",
        "token_type: bearer",
        "MAX_TOKENS=4096",
        "PWD=/home/alice",
        "BYPASS_CACHE=yes",
        "passenger_count: 3",
        "tokenizer: gpt2",
        "password_required: true",
        ".env:9: DB_PASSWORD=${DB_PASSWORD}",
        "src/a.ts:3: token: string;",
    })
    void referencesEmptyValuesStructureAndSettingsAboutSecretsAreLeftAlone(String text) {
        assertThat(redact(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "    password = request.getParameter(\"password\");",
        "String password = request.getParameter(\"password\");",
        "        if (token == null) {",
        "token == null",
        "    String passwordField;",
        "    passwordHash(x);",
        "password = getpass.getpass()",
        "    token = tokens[0]",
        "    self.password = password",
        "    this.token = token;",
        "    password=password,",
        "        secret=secret_value)",
        "  password: req.body.password,",
        "  password: string;",
        "  password: string",
        "    password: str",
        "    token: Optional[str] = None",
        "    api_key: str = \"\"",
        "  apiKey: process.env.API_KEY,",
        "    token = token or default_token",
        "    token = None",
        "password := os.Getenv(\"DB_PASSWORD\")",
        "password += suffix",
        "  token: String!",
        "HEADER_TOKEN_RE = re.compile(r\"^\\s*([^=\\s;,]+)\")",
        "PASSWD = getpass.getpass(\"IMAP password: \")",
        "TOKEN_ENDS = TSPECIALS | WSP",
        "ERRORTOKEN = token.ERRORTOKEN",
        "EXACT_TOKEN_TYPES = {",
        "                 credentials=None, secure=None, timeout=5.0):",
    })
    void ordinaryCodeWithSecretSoundingNamesIsLeftAlone(String code) {
        assertThat(redact(code)).isEqualTo(code);
    }

    @Test
    void redactingARedactedConfigFileAgainFindsNothing() {
        String once = redact("password: hunter2\nDB_PASS=Summer\n.env:1: PGPASSWORD=p\n");
        assertThat(redact(once)).isEqualTo(once);
        assertThat(once).doesNotContain("hunter2", "Summer", "=p\n");
    }
}
