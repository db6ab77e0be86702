package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UriMapperTest {
    @TempDir
    Path base;
    Path root;
    String real;
    UriMapper mapper;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("my ws/data"));
        Files.createDirectories(base.resolve("my ws/data-secret"));
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/a.ts"), "");
        Files.createSymbolicLink(root.resolve("out"), base.resolve("my ws/data-secret"));
        Files.createSymbolicLink(root.resolve("lib"), root.resolve("src"));
        mapper = new UriMapper(root);
        real = "file://" + root.toRealPath().toString().replace(" ", "%20");
    }

    private static JsonNode json(String s) throws Exception {
        return JsonRpc.parse(s);
    }

    @Test
    void clientUrisBecomeTheRealRootAndBack() throws Exception {
        assertThat(mapper.serverRootUri()).isEqualTo(real);
        JsonNode m = json("""
                {"params":{"textDocument":{"uri":"file:///workspace/src/a.ts"},"position":{"line":1},
                 "list":["file:///workspace","file:///workspace/src/new%20file.ts#L3"]}}""");
        mapper.toServer(m);
        assertThat(m.at("/params/textDocument/uri").asText()).isEqualTo(real + "/src/a.ts");
        assertThat(m.at("/params/list/0").asText()).isEqualTo(real);
        assertThat(m.at("/params/list/1").asText()).isEqualTo(real + "/src/new%20file.ts#L3");
        mapper.toClient(m);
        assertThat(m.at("/params/textDocument/uri").asText()).isEqualTo("file:///workspace/src/a.ts");
        assertThat(m.at("/params/list/0").asText()).isEqualTo("file:///workspace");
        assertThat(m.at("/params/list/1").asText()).isEqualTo("file:///workspace/src/new%20file.ts#L3");
    }

    @Test
    void serverMentionsOfTheRootAreMappedInsideTextButNotInCode() throws Exception {
        String path = root.toRealPath().toString();
        String javaUri = root.toRealPath().toUri().toString();
        JsonNode m = json("""
                {"result":{"contents":{"kind":"markdown","value":"see [a](%s/src/a.ts#L2) and %s/src/a.ts:3"},
                 "other":"%ssrc/a.ts","sibling":"%s-secret/x","rootUri":"%s",
                 "edit":{"newText":"import '%s/src/a'"},"insertText":"%s","text":"%s"}}"""
                .formatted(real, path, javaUri, path, real, path, path, real));
        mapper.toClient(m);
        assertThat(m.at("/result/contents/value").asText())
                .isEqualTo("see [a](file:///workspace/src/a.ts#L2) and /workspace/src/a.ts:3");
        assertThat(m.at("/result/other").asText()).isEqualTo("file:///workspace/src/a.ts");
        assertThat(m.at("/result/sibling").asText()).isEqualTo(path + "-secret/x");
        assertThat(m.at("/result/rootUri").asText()).isEqualTo("file:///workspace");
        assertThat(m.at("/result/edit/newText").asText()).isEqualTo("import '" + path + "/src/a'");
        assertThat(m.at("/result/insertText").asText()).isEqualTo(path);
        assertThat(m.at("/result/text").asText()).isEqualTo(real);
    }

    @Test
    void urisThatAreKeysAreMappedToo() throws Exception {
        JsonNode m = json("{\"result\":{\"changes\":{\"%s/src/a.ts\":[{\"newText\":\"x\"}],\"untitled:1\":[]}}}".formatted(real));
        mapper.toClient(m);
        assertThat(m.at("/result/changes").fieldNames()).toIterable().containsExactly("file:///workspace/src/a.ts", "untitled:1");
        mapper.toServer(m);
        assertThat(m.at("/result/changes").fieldNames()).toIterable().containsExactly(real + "/src/a.ts", "untitled:1");
        JsonNode bad = json("{\"changes\":{\"file:///workspace/../x\":[]}}");
        assertThatThrownBy(() -> mapper.toServer(bad)).isInstanceOf(OutsideWorkspaceUriException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///workspace/../etc/passwd", "file:///workspace/src/../../etc/passwd",
        "file:///workspace/%2e%2e/etc/passwd", "file:///workspace/%252e%252e/etc/passwd", "file:///workspace/src%2f..%2f..%2fx",
        "file:///workspace/out/secret.txt", "file:///workspace/out", "file:///workspace/bad%zz", "file:///workspace/nul%00.ts",
        "file:///etc/passwd", "file://host/workspace/a.ts", "FILE:///etc/passwd", "file:///workspace-other/a.ts"})
    void urisLeavingTheWorkspaceAreRefused(String uri) throws Exception {
        JsonNode m = json("{\"params\":{\"textDocument\":{\"uri\":\"" + uri + "\"}}}");
        assertThatThrownBy(() -> mapper.toServer(m)).isInstanceOf(OutsideWorkspaceUriException.class).hasMessageContaining("outside");
    }

    @Test
    void symlinksInsideTheWorkspaceAndNewFilesAreAllowed() {
        assertThat(mapper.toServerString("file:///workspace/lib/a.ts")).isEqualTo(real + "/lib/a.ts");
        assertThat(mapper.toServerString("file:///workspace/src/not-yet.ts")).isEqualTo(real + "/src/not-yet.ts");
        assertThat(mapper.toServerString("file:///workspace/./src//a.ts")).isEqualTo(real + "/src/a.ts");
        assertThat(mapper.toServerString("untitled:Untitled-1")).isEqualTo("untitled:Untitled-1");
        assertThat(mapper.toServerString("/workspace/src/a.ts")).isEqualTo("/workspace/src/a.ts");
    }

    @Test
    void aFileOutsideTheWorkspaceMayBeNamedOnceTheServerNamedIt() {
        String lib = "file:///usr/lib/node_modules/typescript/lib/lib.es5.d.ts";
        assertThatThrownBy(() -> mapper.toServerString(lib)).isInstanceOf(OutsideWorkspaceUriException.class);
        assertThat(mapper.toClientString(lib)).isEqualTo(lib);
        assertThat(mapper.toServerString(lib)).isEqualTo(lib);
    }

    @Test
    void clientUrisGiveWorkspacePaths() {
        assertThat(UriMapper.workspacePath("file:///workspace/src/a%20b.ts")).isEqualTo("src/a b.ts");
        assertThat(UriMapper.workspacePath("file:///workspace")).isEmpty();
        assertThat(UriMapper.workspacePath("file:///workspace/x.ts?query#frag")).isEqualTo("x.ts");
        assertThatThrownBy(() -> UriMapper.workspacePath("file:///etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UriMapper.workspacePath("file:///workspacex/a")).isInstanceOf(IllegalArgumentException.class);
    }
}
