package dev.stratus.ai.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatBodyTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ChatBody read(String json) throws Exception {
        return ChatBody.read(JSON.readTree(json));
    }

    @Test
    void aConversationWithToolCallsAndTextPartsIsReadAsSent() throws Exception {
        ChatBody body = read("""
                {"messages": [
                  {"role": "developer", "content": "Be brief."},
                  {"role": "user", "content": [{"type": "text", "text": "Read "}, {"type": "text", "text": "a.txt"}], "name": "ann"},
                  {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": "read_file", "arguments": "{\\"path\\":\\"a.txt\\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_1", "content": "hello"},
                  {"role": "assistant", "content": [{"type": "refusal", "refusal": "I cannot."}]},
                  {"role": "user", "content": "And b.txt?"}],
                 "tools": [{"type": "function", "function": {"name": "read_file", "description": "Reads a file",
                            "parameters": {"type": "object", "properties": {"path": {"type": "string"}}}}},
                           {"type": "function", "function": {"name": "now"}}],
                 "max_tokens": 100, "max_completion_tokens": 50}""");

        assertThat(body.messages()).containsExactly(
                ChatMessage.system("Be brief."),
                ChatMessage.user("Read a.txt"),
                ChatMessage.assistant("", List.of(new ToolCall("call_1", "read_file", "{\"path\":\"a.txt\"}"))),
                ChatMessage.toolResult("call_1", "hello"),
                ChatMessage.assistant("I cannot.", List.of()),
                ChatMessage.user("And b.txt?"));
        assertThat(body.lastUser()).isEqualTo("And b.txt?");
        assertThat(body.tools()).extracting(ToolSpec::name).containsExactly("read_file", "now");
        assertThat(body.tools().get(1).parametersSchema()).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
        assertThat(body.maxTokens()).as("max_completion_tokens wins, as in OpenAI's API").isEqualTo(50);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {}                                                                       | messages                     | non-empty array
            {"messages": []}                                                         | messages                     | non-empty array
            {"messages": ["hi"]}                                                     | messages[0]                  | must be an object
            {"messages": [{"role": "function", "content": "x"}]}                     | messages[0].role             | not function
            {"messages": [{"content": "x"}]}                                         | messages[0].role             | role must be
            {"messages": [{"role": "user"}]}                                         | messages[0].content          | is required
            {"messages": [{"role": "user", "content": 3}]}                           | messages[0].content          | a string or an array
            {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]} | messages[0].content[0] | type image_url cannot
            {"messages": [{"role": "user", "content": [{"type": "refusal", "refusal": "no"}]}]} | messages[0].content[0] | type refusal cannot
            {"messages": [{"role": "assistant"}]}                                    | messages[0].content          | neither content nor tool_calls
            {"messages": [{"role": "assistant", "tool_calls": [{"type": "function"}]}]} | messages[0].tool_calls[0] | needs an id
            {"messages": [{"role": "tool", "content": "x"}]}                         | messages[0].tool_call_id     | needs the tool_call_id
            {"messages": [{"role": "user", "content": "x"}], "tools": {}}            | tools                        | must be an array
            {"messages": [{"role": "user", "content": "x"}], "tools": [{"type": "function", "function": {"name": "rm -rf"}}]} | tools[0] | its name 1-64
            {"messages": [{"role": "user", "content": "x"}], "tools": [{"type": "retrieval"}]} | tools[0]           | must be
            {"messages": [{"role": "user", "content": "x"}], "tools": [{"type": "function", "function": {"name": "f", "parameters": "{}"}}]} | tools[0].function.parameters | JSON Schema object
            {"messages": [{"role": "user", "content": "x"}], "max_tokens": 0}        | max_tokens                   | positive integer
            {"messages": [{"role": "user", "content": "x"}], "max_completion_tokens": "many"} | max_completion_tokens | positive integer
            {"messages": [{"role": "user", "content": "x"}], "max_tokens": -3}       | max_tokens                   | positive integer
            {"messages": [{"role": "user", "content": "x"}], "max_tokens": 1.5}      | max_tokens                   | positive integer
            {"messages": [{"role": "user", "content": "x"}], "max_tokens": 1000000000000} | max_tokens               | at most 2147483647
            {"messages": [{"role": "user", "content": "x"}], "max_tokens": -99999999999999999999} | max_tokens       | positive integer
            """)
    void whatCannotBeSentAsMeantIsRefusedNamingTheField(String json, String param, String message) {
        BadParam e = catchThrowableOfType(BadParam.class, () -> read(json));

        assertThat(e).as(json).isNotNull();
        assertThat(e.param).isEqualTo(param);
        assertThat(e.getMessage()).contains(message);
    }
}
