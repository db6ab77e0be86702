package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.protocol.search.SymbolMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The declarations the line-based extractor finds in each language, and the lines it must not take for one. */
class SearchSymbolExtractorTest {

    private static List<String> symbols(String path, String... lines) {
        return SymbolExtractor.extract(path, String.join("\n", lines) + "\n").stream()
                .map(s -> s.kind() + " " + s.name() + ":" + s.line()).toList();
    }

    @Test
    void javaClassesInterfacesEnumsRecordsMethodsAndConstants() {
        assertThat(symbols("src/Orders.java",
                "package app;",
                "public final class OrderService implements Service {",
                "    public static final int MAX_ORDERS = 10;",
                "    private final Map<String, List<Order>> byId = new HashMap<>();",
                "    public OrderService(Repo repo) {",
                "    public Map<String, Integer> totals(List<Order> orders) {",
                "        if (orders.isEmpty()) {",
                "        return compute(orders);",
                "        helper(orders);",
                "    }",
                "    @Override",
                "    protected static <T> T pick(T a, T b) {",
                "}",
                "interface Repo {",
                "    Order find(String id);",
                "}",
                "enum Status { OPEN, CLOSED }",
                "record Line(String sku, int qty) {}",
                "@interface Audited {}",
                "// class NotAClass in a comment"))
                .containsExactly("class OrderService:2", "constant MAX_ORDERS:3", "method OrderService:5", "method totals:6",
                        "method pick:12", "interface Repo:14", "enum Status:17", "class Line:18", "interface Audited:19");
    }

    @Test
    void oneLineJavaMethodsAreDeclarationsButCallsWithBlocksAreNot() {
        assertThat(symbols("src/Box.java",
                "class Box {",
                "    int size() { return items.size(); }",
                "    public boolean same(int a, int b) { return a == b; }",
                "    String name() throws IOException { return read(); }",
                "    void run() {",
                "        items.forEach(x -> { use(x); });",
                "        if (ready) { go(); }",
                "        int n = count(items) { };",
                "    }",
                "}"))
                .containsExactly("class Box:1", "method size:2", "method same:3", "method name:4", "method run:5");
    }

    @Test
    void typescriptAndJavascriptDeclarations() {
        List<String> expected = List.of("class OrderStore:1", "method load:2", "interface Order:5", "enum Status:6",
                "type Id:7", "function total:8", "function format:9", "constant LIMIT:10", "variable counter:11",
                "function fetchAll:12");
        String[] source = {
                "export class OrderStore extends Base {",
                "  async load(id: string): Promise<Order> {",
                "    if (x) {",
                "  }",
                "export interface Order { id: Id }",
                "export const enum Status { Open }",
                "type Id = string | number;",
                "export function total(orders: Order[]): number {",
                "const format = (o: Order) => `${o.id}`;",
                "export const LIMIT = 100;",
                "let counter = 0;",
                "export default async function fetchAll() {"};
        assertThat(symbols("web/store.ts", source)).containsExactlyElementsOf(expected);
        assertThat(symbols("web/store.mjs", source)).containsExactlyElementsOf(expected);
        assertThat(symbols("web/store.jsx", "function App() {", "  return <div/>;", "}")).containsExactly("function App:1");
    }

    @Test
    void pythonClassesFunctionsMethodsAndConstants() {
        assertThat(symbols("tool/build.py",
                "MAX_RETRIES = 3",
                "DEFAULT_NAME: str = 'x'",
                "value = 1",
                "class Builder(Base):",
                "    def run(self, target):",
                "        def inner():",
                "async def main():",
                "# def commented():",
                "if MAX_RETRIES == 3:"))
                .containsExactly("constant MAX_RETRIES:1", "constant DEFAULT_NAME:2", "class Builder:4", "method run:5",
                        "method inner:6", "function main:7");
    }

    @Test
    void goFunctionsMethodsTypesAndConstants() {
        assertThat(symbols("cmd/server/main.go",
                "package main",
                "const Version = \"1.0\"",
                "const (",
                "\tModeFast Mode = iota",
                "\tModeSafe",
                ")",
                "var ErrClosed = errors.New(\"closed\")",
                "type Server struct {",
                "\tAddr string",
                "}",
                "type Handler interface {",
                "type Mode int",
                "func NewServer(addr string) *Server {",
                "func (s *Server) Start(ctx context.Context) error {",
                "func Map[T any](xs []T) []T {",
                "\tgo func() {"))
                .containsExactly("constant Version:2", "constant ModeFast:4", "constant ModeSafe:5", "variable ErrClosed:7",
                        "struct Server:8", "interface Handler:11", "type Mode:12", "function NewServer:13", "method Start:14",
                        "function Map:15");
    }

    @Test
    void cAndCppDeclarations() {
        assertThat(symbols("native/buffer.c",
                "#include <stdio.h>",
                "#define BUFFER_SIZE 4096",
                "#define MIN(a, b) ((a) < (b) ? (a) : (b))",
                "struct buffer {",
                "typedef struct buffer buffer_t;",
                "typedef int (*reader_fn)(void *ctx);",
                "enum mode { MODE_A, MODE_B };",
                "struct buffer;",
                "static int buffer_read(struct buffer *b, size_t n)",
                "{",
                "    if (n > 0) {",
                "        return fill(b);",
                "int",
                "main(int argc, char **argv)",
                "EXPORT_SYMBOL(buffer_read);",
                "} buffer_state_t;"))
                .containsExactly("constant BUFFER_SIZE:2", "macro MIN:3", "struct buffer:4", "type buffer_t:5", "type reader_fn:6",
                        "enum mode:7", "function buffer_read:9", "function main:14", "type buffer_state_t:16");
        assertThat(symbols("native/engine.cpp",
                "namespace app {",
                "class Engine : public Base {",
                "  public:",
                "    virtual int run(int steps) const override {",
                "    void stop();",
                "};",
                "enum class Gear { Low, High };",
                "void Engine::reset(bool hard) {",
                "template <typename T>",
                "T clamp(T v, T lo, T hi) {"))
                .containsExactly("class Engine:2", "method run:4", "enum Gear:7", "method reset:8", "function clamp:10");
    }

    @Test
    void unknownLanguagesAndExtensionlessFilesHaveNoSymbols() {
        assertThat(symbols("README.md", "class Foo {", "def bar():")).isEmpty();
        assertThat(symbols("Makefile", "class Foo {")).isEmpty();
        assertThat(symbols("dir.java/notes", "class Foo {")).isEmpty();
    }

    @Test
    void symbolsCarryTheirPath() {
        assertThat(SymbolExtractor.extract("a/B.java", "class B {}\n")).containsExactly(new SymbolMatch("B", "class", "a/B.java", 1));
    }
}
