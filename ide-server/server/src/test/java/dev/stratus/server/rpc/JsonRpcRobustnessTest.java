package dev.stratus.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.ErrorCodes;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed JSON-RPC gets proper errors, the connection stays usable, and no stack trace leaks. */
class JsonRpcRobustnessTest {
    @TempDir
    static Path base;
    static TestServer server;
    static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(base);
        Files.writeString(server.workspace.resolve("ok.txt"), "ok");
        rpc = server.rpc();
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    @Test
    void invalidJsonGetsParseErrorAndTheConnectionStaysUsable() throws Exception {
        rpc.sendRaw("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
        JsonNode r = rpc.nextUnmatched();
        assertThat(r.get("error").get("code").asInt()).isEqualTo(ErrorCodes.PARSE_ERROR);
        assertThat(r.get("id").isNull()).isTrue();
        assertStillUsable();
    }

    @Test
    void unknownMethodGetsMethodNotFound() throws Exception {
        assertThat(rpc.errorCode("fs/frobnicate", Map.of("path", ""))).isEqualTo(ErrorCodes.METHOD_NOT_FOUND);
        assertThat(rpc.errorCode("nope", null)).isEqualTo(ErrorCodes.METHOD_NOT_FOUND);
        assertStillUsable();
    }

    @Test
    void wrongParamsGetInvalidParams() throws Exception {
        assertThat(rpc.errorCode("fs/stat", null)).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("fs/stat", Map.of())).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("fs/stat", Map.of("path", Map.of("nested", 1)))).isIn(ErrorCodes.INVALID_PARAMS, ErrorCodes.INVALID_REQUEST);
        assertThat(rpc.errorCode("fs/read", Map.of("path", "ok.txt", "encoding", "latin1"))).isIn(ErrorCodes.INVALID_PARAMS, ErrorCodes.INVALID_REQUEST);
        assertThat(rpc.errorCode("fs/write", Map.of("path", "x.txt"))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(server.workspace.resolve("x.txt")).doesNotExist();
        assertStillUsable();
    }

    @Test
    void batchesAreRefusedWithInvalidRequest() throws Exception {
        rpc.sendRaw("[{\"jsonrpc\":\"2.0\",\"id\":901,\"method\":\"fs/stat\",\"params\":{\"path\":\"\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":902,\"method\":\"fs/stat\",\"params\":{\"path\":\"\"}}]");
        JsonNode r = rpc.nextUnmatched();
        assertThat(r.get("error").get("code").asInt()).isEqualTo(ErrorCodes.INVALID_REQUEST);
        StringBuilder abuse = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++) {
            abuse.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(10_000 + i)
                    .append(",\"method\":\"fs/write\",\"params\":{\"path\":\"batch").append(i).append(".txt\",\"content\":\"x\"}}");
        }
        rpc.sendRaw(abuse.append("]").toString());
        assertThat(rpc.nextUnmatched().get("error").get("code").asInt()).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(server.workspace.resolve("batch0.txt")).doesNotExist();
        rpc.sendRaw("[]");
        assertThat(rpc.nextUnmatched().get("error").get("code").asInt()).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertStillUsable();
    }

    @Test
    void messagesThatAreNotRequestsGetInvalidRequest() throws Exception {
        rpc.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":77}");
        JsonNode r = rpc.nextUnmatched();
        assertThat(r.get("error").get("code").asInt()).isIn(ErrorCodes.INVALID_REQUEST, ErrorCodes.PARSE_ERROR);
        rpc.sendRaw("\"just a string\"");
        assertThat(rpc.nextUnmatched().get("error").get("code").asInt()).isIn(ErrorCodes.INVALID_REQUEST, ErrorCodes.PARSE_ERROR);
        rpc.sendRaw("42");
        assertThat(rpc.nextUnmatched().get("error").get("code").asInt()).isIn(ErrorCodes.INVALID_REQUEST, ErrorCodes.PARSE_ERROR);
        assertStillUsable();
    }

    @Test
    void errorsNeverCarryStackTraces() throws Exception {
        JsonNode r = rpc.call("fs/stat", Map.of("path", Map.of("deep", Map.of("deeper", 1))));
        assertThat(r.toString()).doesNotContain("\tat ", "at org.", "at dev.", "Exception", "gson");
        JsonNode missing = rpc.call("fs/read", Map.of("path", "absent.txt"));
        assertThat(missing.get("error").has("data")).isFalse();
        assertThat(missing.get("error").get("message").asText()).contains("absent.txt").doesNotContain(base.toString());
    }

    @Test
    void anOversizedFrameClosesThatSocketWith1009AndOthersKeepWorking() throws Exception {
        RpcClient victim = server.rpc();
        RpcClient bystander = server.rpc();
        try {
            String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"fs/write\",\"params\":{\"path\":\"huge.txt\",\"content\":\""
                    + "a".repeat(17 << 20) + "\"}}";
            victim.sendRawAsync(huge);
            assertThat(victim.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
            assertThat(server.workspace.resolve("huge.txt")).doesNotExist();
            assertThat(bystander.result("fs/read", Map.of("path", "ok.txt")).get("content").asText()).isEqualTo("ok");
            try (RpcClient fresh = server.rpc()) {
                assertThat(fresh.result("fs/stat", Map.of("path", "ok.txt")).get("size").asInt()).isEqualTo(2);
            }
        } finally {
            victim.close();
            bystander.close();
        }
    }

    private static void assertStillUsable() throws Exception {
        assertThat(rpc.result("fs/read", Map.of("path", "ok.txt")).get("content").asText()).isEqualTo("ok");
    }
}
