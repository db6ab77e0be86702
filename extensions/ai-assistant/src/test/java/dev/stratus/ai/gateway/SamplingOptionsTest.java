package dev.stratus.ai.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.ToolChoice;
import dev.stratus.ai.model.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamplingOptionsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<ToolSpec> TOOLS = List.of(new ToolSpec("read_file", "Reads a file", "{\"type\":\"object\"}"));

    static Sampling read(String json) throws Exception {
        return SamplingOptions.read(JSON.readTree(json), TOOLS);
    }

    @Test
    void everyOptionIsReadWithItsOpenAiMeaning() throws Exception {
        Sampling s = read("""
                {"temperature": 0, "top_p": 0.95, "stop": ["```", "END"], "seed": 12345678901, "presence_penalty": -2,
                 "frequency_penalty": 1.5, "tool_choice": {"type": "function", "function": {"name": "read_file"}},
                 "parallel_tool_calls": false, "response_format": {"type": "json_object"}, "n": 1, "logprobs": false,
                 "logit_bias": {}, "user": "someone"}""");

        assertThat(s).isEqualTo(new Sampling(0.0, 0.95, List.of("```", "END"), 12345678901L, -2.0, 1.5,
                ToolChoice.function("read_file"), false, "{\"type\":\"json_object\"}"));
    }

    @Test
    void nothingSetLeavesEverythingToTheProviderAndAStringStopIsOneSequence() throws Exception {
        assertThat(read("{\"messages\": []}")).isEqualTo(Sampling.DEFAULT);
        assertThat(read("{\"temperature\": null, \"response_format\": {\"type\": \"text\"}}")).isEqualTo(Sampling.DEFAULT);
        assertThat(read("{\"stop\": \"\\n\"}").stop()).containsExactly("\n");
        assertThat(read("{\"tool_choice\": \"none\"}").toolChoice()).isEqualTo(ToolChoice.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"n": 2}                                                     | n                   | n must be 1
            {"logprobs": true}                                           | logprobs            | logprobs are not supported
            {"top_logprobs": 3}                                          | top_logprobs        | logprobs are not supported
            {"logit_bias": {"50256": -100}}                              | logit_bias          | token ids belong to one model
            {"functions": [{"name": "f"}]}                               | functions           | use tools and tool_choice
            {"temperature": 2.5}                                         | temperature         | from 0 to 2
            {"temperature": "hot"}                                       | temperature         | from 0 to 2
            {"top_p": -0.1}                                              | top_p               | from 0 to 1
            {"presence_penalty": 3}                                      | presence_penalty    | from -2 to 2
            {"stop": [1]}                                                | stop                | a string or an array of strings
            {"stop": ""}                                                 | stop                | must not be empty
            {"seed": 1.5}                                                | seed                | an integer
            {"tool_choice": "always"}                                    | tool_choice         | must be "auto"
            {"tool_choice": {"type": "function", "function": {"name": "rm"}}} | tool_choice    | rm, which is not among the tools
            {"parallel_tool_calls": "no"}                                | parallel_tool_calls | true or false
            {"response_format": {"type": "yaml"}}                        | response_format     | text, json_object or json_schema
            {"response_format": {"type": "json_schema"}}                 | response_format     | needs a json_schema object
            {"reasoning_effort": "max"}                                  | reasoning_effort    | one of none, minimal, low, medium, high, xhigh
            {"reasoning_effort": 2}                                      | reasoning_effort    | one of none, minimal, low, medium, high, xhigh
            """)
    void aBadOrUnsupportedOptionIsRefusedNamingIt(String json, String param, String message) {
        BadParam e = catchThrowableOfType(BadParam.class, () -> read(json));

        assertThat(e).as(json).isNotNull();
        assertThat(e.param).isEqualTo(param);
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void aReasoningEffortIsKeptAsAsked() throws Exception {
        assertThat(read("{\"reasoning_effort\": \"high\"}").reasoningEffort()).isEqualTo("high");
        assertThat(read("{\"reasoning_effort\": null}").reasoningEffort()).isNull();
    }

    @Test
    void moreStopSequencesThanOpenAisFourAreTakenUpToSixtyFour() throws Exception {
        List<String> stops = java.util.stream.IntStream.range(0, 64).mapToObj(i -> "<|stop" + i + "|>").toList();

        assertThat(read("{\"stop\": " + JSON.writeValueAsString(stops) + "}").stop()).isEqualTo(stops);

        List<String> tooMany = java.util.stream.Stream.concat(stops.stream(), java.util.stream.Stream.of("END")).toList();
        BadParam e = catchThrowableOfType(BadParam.class, () -> read("{\"stop\": " + JSON.writeValueAsString(tooMany) + "}"));
        assertThat(e.param).isEqualTo("stop");
        assertThat(e.getMessage()).isEqualTo("stop takes at most 64 sequences, not 65");
    }

    @Test
    void aRequiredToolCallNeedsTools() throws Exception {
        JsonNode body = JSON.readTree("{\"tool_choice\": \"required\"}");

        BadParam e = catchThrowableOfType(BadParam.class, () -> SamplingOptions.read(body, List.of()));

        assertThat(e.param).isEqualTo("tool_choice");
        assertThat(SamplingOptions.read(body, TOOLS).toolChoice()).isEqualTo(ToolChoice.REQUIRED);
    }
}
