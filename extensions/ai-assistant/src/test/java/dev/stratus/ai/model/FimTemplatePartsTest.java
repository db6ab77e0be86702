package dev.stratus.ai.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A prompt a client wrote in a fill-in-the-middle template, taken back apart into its prefix and suffix. */
class FimTemplatePartsTest {
    @Test
    void aPromptTheTemplateWroteIsTakenApartIntoWhatWasPutInIt() {
        for (FimTemplate t : new FimTemplate[] {FimTemplate.STARCODER, FimTemplate.QWEN, FimTemplate.DEEPSEEK}) {
            assertThat(t.parts(t.prompt("int a = ", ";\n"))).as(t.id()).isEqualTo(new FimTemplate.Parts("int a = ", ";\n"));
        }
    }

    @Test
    void aPromptCutFromTheTopKeepsItsParts() {
        assertThat(FimTemplate.STARCODER.parts("a = <fim_suffix>\n<fim_middle>")).isEqualTo(new FimTemplate.Parts("a = ", "\n"));
    }

    @Test
    void aPromptNotWholeInTheTemplateIsLeftAlone() {
        FimTemplate t = FimTemplate.STARCODER;
        assertThat(t.parts("int a = 1;")).isNull();
        assertThat(t.parts("<fim_prefix>a<fim_middle>")).as("no suffix token").isNull();
        assertThat(t.parts("<fim_prefix>a<fim_suffix>b<fim_suffix>c<fim_middle>")).as("two suffix tokens").isNull();
        assertThat(t.parts("<fim_prefix>a<fim_suffix>b<fim_middle>c")).as("text after the middle token").isNull();
        assertThat(t.parts("x<fim_prefix>a<fim_suffix>b<fim_middle>")).as("a prefix token inside").isNull();
        assertThat(t.parts("<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>")).as("another family's template").isNull();
        assertThat(FimTemplate.CODESTRAL.parts("[SUFFIX]b[PREFIX]a")).as("the suffix first").isNull();
        assertThat(FimTemplate.SUFFIX.parts("a")).isNull();
    }
}
