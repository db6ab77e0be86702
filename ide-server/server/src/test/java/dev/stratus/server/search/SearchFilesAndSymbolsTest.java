package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quick open (fuzzy file names) and go-to-symbol over a real server, for every supported language. */
class SearchFilesAndSymbolsTest {
    @TempDir
    static Path base;
    static TestServer server;
    static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        Path ws = Files.createDirectories(base.resolve("data"));
        write(ws, "src/main/java/com/acme/OrderService.java", "package com.acme;\npublic class OrderService {\n    public void placeOrder(Order o) {\n}\n");
        write(ws, "src/main/java/com/acme/order/OrderServiceTest.java", "class OrderServiceTest {\n}\n");
        write(ws, "web/src/orderService.ts", "export interface OrderView {}\nexport function renderOrder() {\n}\n");
        write(ws, "docs/orders.md", "# Orders\n");
        write(ws, "scripts/ordinary_service.py", "class OrdinaryService:\n    def serve(self):\n        pass\n");
        write(ws, "cmd/server/main.go", "package main\ntype OrderServer struct {\n}\nfunc (s *OrderServer) Serve() {\n}\n");
        write(ws, "native/order_queue.c", "struct order_queue {\n};\nint order_queue_push(struct order_queue *q)\n{\n");
        write(ws, "native/engine.cpp", "class OrderEngine {\n};\n");
        write(ws, "assets/logo.png", "\0PNG binary");
        write(ws, "build/OrderService.class", "ignored");
        write(ws, ".gitignore", "build/\n");
        server = TestServer.start(base);
        rpc = server.rpc();
        SearchRpc.awaitReady(rpc);
    }

    private static void write(Path ws, String path, String content) throws Exception {
        Files.createDirectories(ws.resolve(path).getParent());
        Files.writeString(ws.resolve(path), content);
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    private static List<String> files(String query, Integer max) throws Exception {
        return SearchRpc.paths(rpc.result("search/files", max == null ? Map.of("query", query) : Map.of("query", query, "maxResults", max)));
    }

    @Test
    void fileNameSearchRanksNameMatchesAndWordStartsFirst() throws Exception {
        List<String> found = files("OrdSer", null);
        assertThat(found.getFirst()).isEqualTo("src/main/java/com/acme/OrderService.java");
        assertThat(found).contains("web/src/orderService.ts", "src/main/java/com/acme/order/OrderServiceTest.java")
                .doesNotContain("build/OrderService.class", "docs/orders.md");
        assertThat(found.indexOf("src/main/java/com/acme/order/OrderServiceTest.java"))
                .as("a longer name with the same match ranks after").isGreaterThan(0);
        assertThat(files("main.go", null).getFirst()).isEqualTo("cmd/server/main.go");
        assertThat(files("ordq", null)).containsExactly("native/order_queue.c");
        assertThat(files("logo", null)).as("binary files can be opened too").containsExactly("assets/logo.png");
        assertThat(files("zzz", null)).isEmpty();
        assertThat(files("o", 2)).hasSize(2);
        assertThat(files("", null)).as("empty query lists paths in order").isSorted().contains(".gitignore", "docs/orders.md");
    }

    @Test
    void symbolSearchFindsDeclarationsOfEveryLanguageWithKindsAndLines() throws Exception {
        JsonNode all = rpc.result("search/symbols", Map.of("query", "order"));
        List<String> found = new ArrayList<>();
        all.get("symbols").forEach(s -> found.add(s.get("kind").asText() + " " + s.get("name").asText() + " "
                + s.get("path").asText() + ":" + s.get("line").asInt()));
        assertThat(found).contains(
                "class OrderService src/main/java/com/acme/OrderService.java:2",
                "method placeOrder src/main/java/com/acme/OrderService.java:3",
                "interface OrderView web/src/orderService.ts:1",
                "function renderOrder web/src/orderService.ts:2",
                "struct OrderServer cmd/server/main.go:2",
                "struct order_queue native/order_queue.c:1",
                "function order_queue_push native/order_queue.c:3",
                "class OrderEngine native/engine.cpp:1");
        assertThat(found).noneMatch(s -> s.contains("build/"));

        JsonNode python = rpc.result("search/symbols", Map.of("query", "serve"));
        assertThat(python.get("symbols").get(0).get("name").asText()).as("an exact name ranks first").isIn("serve", "Serve");
        JsonNode camel = rpc.result("search/symbols", Map.of("query", "OS", "maxResults", 3));
        assertThat(camel.get("symbols")).hasSize(3);
        assertThat(camel.get("symbols").get(0).get("name").asText()).as("camel-case humps").isIn("OrderService", "OrderServer", "OrdinaryService");
        assertThat(rpc.result("search/symbols", Map.of("query", "")).get("symbols").size()).as("empty lists all").isGreaterThanOrEqualTo(12);
        assertThat(rpc.result("search/symbols", Map.of("query", "qqqq")).get("symbols")).isEmpty();
    }

    @Test
    void symbolsFollowEdits() throws Exception {
        rpc.result("fs/write", Map.of("path", "web/src/late.ts", "content", "export class LateArrival {}\n"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        JsonNode symbols;
        do {
            symbols = rpc.result("search/symbols", Map.of("query", "LateArrival")).get("symbols");
            Thread.sleep(20);
        } while (symbols.isEmpty() && System.nanoTime() < deadline);
        assertThat(symbols.get(0).get("path").asText()).isEqualTo("web/src/late.ts");
    }
}
