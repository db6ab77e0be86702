package dev.stratus.ai.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptFeaturesTest {

    private static PromptFeatures of(String prompt) {
        return PromptFeatures.extract(prompt, PromptContext.NONE);
    }

    @Test
    void proseTokensAreCharactersOverFourRoundedUp() {
        assertThat(of("abcdefghi").promptTokens()).isEqualTo(3);
        assertThat(of("").promptTokens()).isZero();
        assertThat(PromptFeatures.extract(null, null).promptTokens()).isZero();
    }

    @Test
    void codeTokensAreCharactersOverThree() {
        // 11 characters of code plus the line break: 4 tokens; the fences themselves are not counted.
        assertThat(of("```\nint x = 1;\n```").promptTokens()).isEqualTo(4);
    }

    @Test
    void textBeyondTheScanLimitStillCountsAsTokens() {
        String huge = "word ".repeat(20_000);
        assertThat(of(huge).promptTokens()).isEqualTo(25_000);
    }

    @Test
    void contextAndDepthComeFromTheContext() {
        PromptFeatures f = PromptFeatures.extract("hi", new PromptContext(List.of("a/B.java"), 1500, 4));
        assertThat(f.contextTokens()).isEqualTo(1500);
        assertThat(f.depth()).isEqualTo(4);
        assertThat(f.filesReferenced()).isEqualTo(1);
        assertThat(f.inputTokens()).isEqualTo(1501);
    }

    @Test
    void pathsMentionsAndAttachmentsAreCountedOnce() {
        PromptFeatures f = PromptFeatures.extract(
                "Compare src/main/java/App.java with ./scripts/run.sh, `pom.xml` and @lib/util.ts; also @App.java and src/main/java/App.java.",
                new PromptContext(List.of("lib/util.ts", "./README.md"), 0, 0));
        assertThat(f.filesReferenced()).isEqualTo(6); // App.java twice as src/main/java/App.java, plus App.java bare
    }

    @Test
    void urlsAreNotPaths() {
        assertThat(of("see https://github.com/acme/app/blob/main/src/App.java and www.example.com/docs/index.html")
                .filesReferenced()).isZero();
    }

    @Test
    void productNamesAndSlashWordsAreNotPaths() {
        assertThat(of("Should I use Node.js or Next.js? Input/output and client/server, version 2.17, e.g. this.")
                .filesReferenced()).isZero();
    }

    @Test
    void annotationsAndEmailsAreNotMentions() {
        assertThat(of("Add @Override and @param docs, mail dev@example.com").filesReferenced()).isZero();
        assertThat(of("what is in @domain").filesReferenced()).isEqualTo(1);
    }

    @Test
    void folderPathsNeedTwoSlashesOrARelativeStart() {
        assertThat(of("look in src/main/java and ../shared").filesReferenced()).isEqualTo(2);
    }

    @Test
    void pathsInsideCodeBlocksAreNotReferences() {
        assertThat(of("why?\n```java\nimport a.b.C;\nvar p = Path.of(\"conf/app.yaml\");\n```").filesReferenced()).isZero();
    }

    @Test
    void fencedIndentedAndUnfencedCodeAreBlocks() {
        assertThat(of("one\n```js\nlet a = 1;\nlet b = 2;\n```\ntwo\n~~~\nx\ny\n~~~").codeBlocks()).isEqualTo(2);
        assertThat(of("look:\n\n    int a = 1;\n    int b = 2;\n\nthanks").codeBlocks()).isEqualTo(1);
        assertThat(of("fix this\npublic void run() {\n    go();\n}\nplease").codeBlocks()).isEqualTo(1);
        assertThat(of("plain question with a { brace }").codeBlocks()).isZero();
    }

    @Test
    void javaStackTrace() {
        String trace = """
                Exception in thread "main" java.lang.IllegalStateException: boom
                \tat dev.app.Main.run(Main.java:12)
                \tat dev.app.Main.main(Main.java:5)
                Caused by: java.io.IOException: closed
                \tat dev.app.Io.read(Io.java:40)
                \t... 2 more
                what happened?""";
        PromptFeatures f = of(trace);
        assertThat(f.stackTraces()).isEqualTo(1);
        assertThat(f.codeBlocks()).as("indented frames are not an indented code block").isZero();
        assertThat(f.filesReferenced()).as("frames are not references").isZero();
    }

    @Test
    void pythonJavaScriptAndGoTraces() {
        assertThat(of("Traceback (most recent call last):\n  File \"a.py\", line 3, in <module>\n    f()\n"
                + "  File \"b.py\", line 9, in f\n    1/0\nZeroDivisionError: division by zero").stackTraces()).isEqualTo(1);
        assertThat(of("TypeError: x is undefined\n    at render (App.jsx:14:23)\n    at commit (react-dom.js:100:5)")
                .stackTraces()).isEqualTo(1);
        assertThat(of("panic: nil map\n\ngoroutine 1 [running]:\nmain.put(...)\n\t/app/store.go:27\nmain.main()\n\t/app/main.go:9 +0x1d")
                .stackTraces()).isEqualTo(1);
    }

    @Test
    void stackTraceInsideACodeBlockIsATraceNotCode() {
        PromptFeatures f = of("help\n```\njava.lang.NullPointerException\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)\n```");
        assertThat(f.stackTraces()).isEqualTo(1);
        assertThat(f.codeBlocks()).isZero();
    }

    @Test
    void codeBlockWithATraceAndCodeIsBoth() {
        PromptFeatures f = of("```\nint x = y.z();\nreturn x;\nfoo(x);\nat a.B.c(B.java:1)\nat a.B.d(B.java:2)\n```");
        assertThat(f.stackTraces()).isEqualTo(1);
        assertThat(f.codeBlocks()).isEqualTo(1);
    }

    @Test
    void oneFrameAloneIsNotATrace() {
        assertThat(of("it fails at Foo.bar(Foo.java:3) sometimes").stackTraces()).isZero();
    }

    @Test
    void designWordsCountInProseOnly() {
        assertThat(of("fix the NPE\n```java\nDesign design = designs.get(0);\narchitecture.migrate();\n```").designTerms()).isZero();
        assertThat(of("why is designMode null and `design` unset in docs/architecture.md?").designTerms()).isZero();
        assertThat(of("Redesign the storage layer; what are the trade-offs? Is it scalable?").designTerms()).isEqualTo(3);
        assertThat(of("We should refactor across the codebase and migrate to records").designTerms()).isEqualTo(2);
    }

    @Test
    void questionsIgnoreInlineCodeAndUrls() {
        assertThat(of("What does `a?.b` do?? And https://x.io/?q=1 why?").questions()).isEqualTo(2);
    }

    @Test
    void reasoningAndSmallTaskCues() {
        assertThat(of("Explain why this test is slow").reasoningCues()).isEqualTo(4);
        assertThat(of("typo here, rename it").quickCues()).isEqualTo(2);
        assertThat(of("How do I exit vim").quickCues()).isEqualTo(1);
    }
}
