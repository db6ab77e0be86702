package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Command lines as a run_command, a script or shell history holds them: every secret on the line
 * is replaced, each on its own, and the rest of the line is kept.
 */
class SecretRulesCommandTest {
    private final Redactor redactor = new Redactor(RedactionConfig.defaults());

    private String redact(String text) {
        return redactor.redact(new ChatRequest(List.of(ChatMessage.toolResult("c1", text)), null, null, null))
                .request().messages().getFirst().content();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "helm install a ./c --set a=1,db.password=x1,b=2,api.token=t2 | "
                + "helm install a ./c --set a=1,db.password=[REDACTED:command-secret],b=2,api.token=[REDACTED:command-secret]",
        "`helm install a ./c --set \"db.password=p w,x=1,redis.auth.password=q\"` | "
                + "`helm install a ./c --set \"db.password=[REDACTED:command-secret],x=1,redis.auth.password=[REDACTED:command-secret]\"`",
        "helm install a ./c --set a=1 --set-string b.secret=s1,c=2 | "
                + "helm install a ./c --set a=1 --set-string b.secret=[REDACTED:command-secret],c=2",
    })
    void everySecretOfAHelmSetIsReplaced(String line, String expected) {
        assertThat(redact(line)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "keytool -importkeystore -srcstorepass s1 -deststorepass s2 -noprompt | "
                + "keytool -importkeystore -srcstorepass [REDACTED:command-secret] -deststorepass [REDACTED:command-secret] -noprompt",
        "cd db && PGUSER=app PGPASSWORD=p1 psql; API_TOKEN=t2 ./sync | "
                + "cd db && PGUSER=app PGPASSWORD=[REDACTED:command-secret] psql; API_TOKEN=[REDACTED:command-secret] ./sync",
        "`  7  sshpass -p \"p 1\" ssh a && redis-cli -a p2 -n 1` | "
                + "`  7  sshpass -p [REDACTED:command-secret] ssh a && redis-cli -a [REDACTED:command-secret] -n 1`",
    })
    void aShellHistoryLineHasEachOfItsSecretsReplaced(String line, String expected) {
        assertThat(redact(line)).isEqualTo(expected);
    }
}
