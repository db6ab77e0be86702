package dev.stratus.ai.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompletionBodyTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static CompletionBody read(String json) throws Exception {
        return CompletionBody.read(JSON.readTree(json));
    }

    @Test
    void aPromptWithItsSuffixAndBoundIsReadAsSent() throws Exception {
        assertThat(read("""
                {"prompt": ["def add(a, b):\\n    "], "suffix": "\\n", "max_tokens": 64, "best_of": 1}"""))
                .isEqualTo(new CompletionBody("def add(a, b):\n    ", "\n", 64));
        assertThat(read("""
                {"prompt": "x = "}""")).isEqualTo(new CompletionBody("x = ", null, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {}                                                          | prompt      | prompt is required
            {"prompt": 3}                                               | prompt      | prompt is required
            {"prompt": ["a", "b"]}                                      | prompt      | one prompt per request, not 2
            {"prompt": [1, 2, 3]}                                       | prompt      | token ids
            {"prompt": "x", "messages": []}                             | messages    | use /v1/chat/completions
            {"prompt": "x", "echo": true}                               | echo        | not supported
            {"prompt": "x", "echo": "no"}                               | echo        | not supported
            {"prompt": "x", "best_of": 3}                               | best_of     | must be 1
            {"prompt": "x", "logprobs": 2}                              | logprobs    | not supported
            {"prompt": "x", "suffix": 7}                                | suffix      | must be a string
            {"prompt": "x", "max_tokens": 0}                            | max_tokens  | positive integer
            {"prompt": "x", "max_tokens": "ten"}                        | max_tokens  | positive integer
            {"prompt": "x", "max_tokens": 1000000000000}                | max_tokens  | at most 2147483647
            """)
    void whatCannotBeSentAsMeantIsRefusedNamingTheField(String json, String param, String message) {
        BadParam e = catchThrowableOfType(BadParam.class, () -> read(json));

        assertThat(e).as(json).isNotNull();
        assertThat(e.param).isEqualTo(param);
        assertThat(e.getMessage()).contains(message);
    }
}
