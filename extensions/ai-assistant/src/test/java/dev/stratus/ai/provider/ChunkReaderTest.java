package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.Tier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming chunk reader gives what reading the chunk as a tree gives, or leaves the chunk to it. */
class ChunkReaderTest {
    static final Deployment D = new Deployment("d", Tier.SMALL, ProviderKind.OPENAI, URI.create("http://127.0.0.1:9/v1"), "m", null,
            null, null, null, Duration.ofSeconds(5));

    record Read(List<StreamEvent> events, ChatResult result) {
    }

    static Read streamed(String chunk) {
        List<StreamEvent> events = new ArrayList<>();
        AnswerAssembler answer = new AnswerAssembler(events::add);
        assertThat(ChunkReader.apply(chunk, answer)).as("read by the streaming reader: %s", chunk).isTrue();
        return new Read(events, answer.complete());
    }

    static Read tree(String chunk) {
        List<StreamEvent> events = new ArrayList<>();
        AnswerAssembler answer = new AnswerAssembler(events::add);
        OpenAiClient.readTree(D, chunk, answer);
        return new Read(events, answer.complete());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"Hel\\u006co \\\"\\n\\ud83d\\ude80\"},\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"\"}}]}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"q\\\":1}\"}},{\"function\":{\"arguments\":\"x\"}}]}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}",
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":\"7\",\"total_tokens\":19}}",
        "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other choice\"}},{\"index\":0,\"delta\":{\"content\":\"mine\"},\"finish_reason\":\"length\"}]}",
        "{\"choices\":[{\"index\":\"0\",\"delta\":{\"content\":\"index as text\"},\"finish_reason\":7}]}",
        "{\"choices\":[{\"index\":null,\"delta\":{\"content\":null,\"tool_calls\":null},\"finish_reason\":{\"odd\":true}}]}",
        "{\"choices\":[\"not a choice\",3,{\"delta\":\"not a delta\"}],\"error\":null}",
        "{\"choices\":null,\"nested\":{\"choices\":[{\"delta\":{\"content\":\"not here\"}}]}}",
    })
    void aCommonChunkReadsAsItsTreeDoes(String chunk) {
        Read streamed = streamed(chunk);
        Read tree = tree(chunk);

        assertThat(streamed.events()).isEqualTo(tree.events());
        assertThat(streamed.result()).isEqualTo(tree.result());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}",
        "{\"error\":\"overloaded\",\"code\":503}",
        "{\"choices\":{\"0\":{\"delta\":{\"content\":\"an object\"}}}}",
        "[1, 2]",
        "{\"choices\":[]} {\"choices\":[]}",
        "{\"choices\":[{\"delta\":{\"content\":\"cut",
        "not json",
    })
    void anErrorOrAnOddChunkIsLeftToTheTreeAndNothingIsApplied(String chunk) {
        List<StreamEvent> events = new ArrayList<>();
        AnswerAssembler answer = new AnswerAssembler(events::add);

        assertThat(ChunkReader.apply(chunk, answer)).isFalse();
        assertThat(events).isEmpty();
        assertThat(answer.usage()).isNull();
        assertThat(answer.finished()).isFalse();
    }

    @Test
    void anErrorChunkIsClassifiedByTheTreeReading() {
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> OpenAiClient.readTree(D,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}", new AnswerAssembler(x -> { })));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.RATE_LIMITED);
    }
}
