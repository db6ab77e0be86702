package dev.stratus.server.git;

import static dev.stratus.server.git.GitCli.git;
import static dev.stratus.server.git.GitTestSupport.states;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.ErrorCodes;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * git/clone, fetch, pull and push against real smart-HTTP git ({@code git http-backend} behind
 * HTTP Basic auth on loopback), with credentials, progress, rejections and conflicts.
 */
class GitRemoteRpcTest {
    static final String USER = "alice-user-7f3q";
    static final String PASSWORD = "s3cret-Pa55-9x1z";
    static final Map<String, String> CREDENTIALS = Map.of("username", USER, "password", PASSWORD);
    static final AtomicInteger repoCount = new AtomicInteger();

    @TempDir
    static Path base;
    static TestServer server;
    static RpcClient rpc;
    static Path ws;
    static Path remotes;
    static GitHttpServer http;
    String name;
    Path peer;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(base.resolve("stratus"));
        ws = server.workspace;
        rpc = server.rpc();
        remotes = Files.createDirectories(base.resolve("remotes"));
        http = new GitHttpServer(remotes, USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
        http.close();
    }

    /** A new bare repository on the HTTP server with one commit, and a C git clone of it ("peer"). */
    @BeforeEach
    void newRemote() throws Exception {
        GitTestSupport.clear(ws);
        name = "project" + repoCount.incrementAndGet() + ".git";
        Path seed = base.resolve("seed-" + name);
        GitCli.initWithCommit(seed, "README.md", "hello\n");
        git(base, "clone", "-q", "--bare", seed.toString(), remotes.resolve(name).toString());
        peer = base.resolve("peer-" + name);
        git(base, "clone", "-q", http.url(name).replace("http://", "http://" + USER + ":" + PASSWORD + "@"), peer.toString());
    }

    @Test
    void cloneWithCredentialsReportsProgressAndKeepsCredentialsOutOfConfigAndLogs() throws Exception {
        String log = capturingStderr(() -> {
            JsonNode result = rpc.result("git/clone", Map.of("url", http.url(name), "credentials", CREDENTIALS));
            assertThat(result.get("path").asText()).isEmpty();
        });
        assertThat(Files.readString(ws.resolve("README.md"))).isEqualTo("hello\n");
        JsonNode status = rpc.result("git/status", Map.of());
        assertThat(status.get("branch").asText()).isEqualTo("main");
        assertThat(status.get("upstream").asText()).isEqualTo("origin/main");
        assertThat(status.get("files")).isEmpty();

        List<JsonNode> progress = drainProgress();
        assertThat(progress).isNotEmpty().allSatisfy(p -> assertThat(p.get("params").get("operation").asText()).isEqualTo("clone"));
        assertThat(progress).anySatisfy(p -> assertThat(p.get("params").get("task").asText()).isNotBlank());

        assertThat(Files.readString(ws.resolve(".git/config"))).contains(http.url(name)).doesNotContain(USER).doesNotContain(PASSWORD);
        assertNoFileUnder(ws.resolve(".git"), PASSWORD);
        assertThat(log).contains("Cloned " + http.url(name)).doesNotContain(PASSWORD).doesNotContain(USER);
    }

    @Test
    void credentialsInTheUrlAreUsedButNeverStoredWithTheRemote() throws Exception {
        String withUserInfo = http.url(name).replace("http://", "http://" + USER + ":" + PASSWORD + "@");
        String log = capturingStderr(() ->
                assertThat(rpc.result("git/clone", Map.of("url", withUserInfo, "directory", "sub/clone")).get("path").asText())
                        .isEqualTo("sub/clone"));
        assertThat(ws.resolve("sub/clone/README.md")).exists();
        String config = Files.readString(ws.resolve("sub/clone/.git/config"));
        assertThat(config).contains("url = " + http.url(name)).doesNotContain(USER).doesNotContain(PASSWORD);
        assertThat(log).doesNotContain(PASSWORD).doesNotContain(USER);
        assertThat(rpc.result("git/status", Map.of()).get("repository").asBoolean()).isFalse();
    }

    @Test
    void cloneWithWrongOrMissingCredentialsIsPermissionDeniedAndLeavesNothingBehind() throws Exception {
        String log = capturingStderr(() -> {
            assertThat(rpc.errorCode("git/clone", Map.of("url", http.url(name), "credentials",
                    Map.of("username", USER, "password", "wrong-password-x")))).isEqualTo(ErrorCodes.PERMISSION_DENIED);
            assertThat(rpc.errorCode("git/clone", Map.of("url", http.url(name)))).isEqualTo(ErrorCodes.PERMISSION_DENIED);
        });
        assertThat(http.unauthorized.get()).isPositive();
        try (Stream<Path> left = Files.list(ws)) {
            assertThat(left).isEmpty();
        }
        assertThat(log).doesNotContain("wrong-password-x");
    }

    @Test
    void cloneFromAnUnreachableRemoteIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertThat(rpc.errorCode("git/clone", Map.of("url", "http://127.0.0.1:" + closedPort + "/x.git", "credentials", CREDENTIALS)))
                .isEqualTo(ErrorCodes.UNAVAILABLE);
    }

    @Test
    void cloneRefusesOtherSchemesLocalPathsAndNonEmptyTargets() throws Exception {
        for (String url : List.of("file://" + remotes.resolve(name), remotes.resolve(name).toString(), "ssh://git@127.0.0.1/x.git",
                "git://127.0.0.1/x.git", "ext::sh -c touch% /tmp/pwned", "http://", "")) {
            assertThat(rpc.errorCode("git/clone", Map.of("url", url))).as(url).isEqualTo(ErrorCodes.INVALID_PARAMS);
        }
        assertThat(rpc.errorCode("git/clone", Map.of())).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("git/clone", Map.of("url", http.url(name), "directory", "../escape", "credentials", CREDENTIALS)))
                .isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
        Files.writeString(ws.resolve("existing.txt"), "x");
        assertThat(rpc.errorCode("git/clone", Map.of("url", http.url(name), "credentials", CREDENTIALS)))
                .isEqualTo(ErrorCodes.ALREADY_EXISTS);
        assertThat(ws.resolve(".git")).doesNotExist();
        assertThat(base.resolve("stratus/escape")).doesNotExist();
    }

    @Test
    void fetchPullAndPushRoundTripWithAheadAndBehind() throws Exception {
        rpc.result("git/clone", Map.of("url", http.url(name), "credentials", CREDENTIALS));
        peerCommit("peer.txt", "from peer\n", "peer change");

        assertThat(rpc.errorCode("git/fetch", Map.of())).as("nothing remembered").isEqualTo(ErrorCodes.PERMISSION_DENIED);
        rpc.result("git/fetch", Map.of("credentials", CREDENTIALS));
        JsonNode status = rpc.result("git/status", Map.of());
        assertThat(status.get("behind").asInt()).isEqualTo(1);
        assertThat(status.get("ahead").asInt()).isZero();
        assertThat(ws.resolve("peer.txt")).doesNotExist();

        drainProgress();
        JsonNode pull = rpc.result("git/pull", Map.of("credentials", CREDENTIALS));
        assertThat(pull.get("updated").asBoolean()).isTrue();
        assertThat(pull.get("conflicts")).isEmpty();
        assertThat(Files.readString(ws.resolve("peer.txt"))).isEqualTo("from peer\n");
        assertThat(rpc.result("git/status", Map.of()).get("behind").asInt()).isZero();
        assertThat(rpc.result("git/pull", Map.of("credentials", CREDENTIALS)).get("updated").asBoolean()).isFalse();

        Files.writeString(ws.resolve("mine.txt"), "mine\n");
        rpc.result("git/stage", Map.of("paths", List.of("mine.txt")));
        String id = rpc.result("git/commit", Map.of("message", "mine")).get("id").asText();
        assertThat(rpc.result("git/status", Map.of()).get("ahead").asInt()).isEqualTo(1);
        drainProgress();
        assertThat(rpc.result("git/push", Map.of("credentials", CREDENTIALS)).get("rejected")).isEmpty();
        assertThat(drainProgress()).allSatisfy(p -> assertThat(p.get("params").get("operation").asText()).isIn("pull", "push"));
        assertThat(rpc.result("git/status", Map.of()).get("ahead").asInt()).isZero();
        assertThat(git(remotes.resolve(name), "rev-parse", "main")).isEqualTo(id);
    }

    @Test
    void rememberedCredentialsServeLaterOperationsOfTheSameUser() throws Exception {
        rpc.result("git/clone", Map.of("url", http.url(name), "credentials", CREDENTIALS, "rememberCredentials", true));
        peerCommit("peer.txt", "x\n", "peer");
        assertThat(rpc.result("git/pull", Map.of()).get("updated").asBoolean()).isTrue();
        assertThat(ws.resolve("peer.txt")).exists();
        try (RpcClient other = server.rpc()) {
            other.result("git/fetch", Map.of());
        }
    }

    @Test
    void pushRejectedAsNonFastForwardIsReported() throws Exception {
        rpc.result("git/clone", Map.of("url", http.url(name), "credentials", CREDENTIALS));
        peerCommit("peer.txt", "peer\n", "peer first");
        Files.writeString(ws.resolve("mine.txt"), "mine\n");
        rpc.result("git/stage", Map.of("paths", List.of("mine.txt")));
        rpc.result("git/commit", Map.of("message", "mine"));
        String remoteHead = git(remotes.resolve(name), "rev-parse", "main");

        JsonNode rejected = rpc.result("git/push", Map.of("credentials", CREDENTIALS)).get("rejected");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).asText()).startsWith("main: rejected_nonfastforward");
        assertThat(git(remotes.resolve(name), "rev-parse", "main")).isEqualTo(remoteHead);
    }

    @Test
    void pullWithConflictsReturnsThePathsAndStatusShowsThemConflicted() throws Exception {
        rpc.result("git/clone", Map.of("url", http.url(name), "credentials", CREDENTIALS));
        peerCommit("README.md", "peer's version\n", "peer edit");
        Files.writeString(ws.resolve("README.md"), "my version\n");
        rpc.result("git/stage", Map.of("paths", List.of("README.md")));
        rpc.result("git/commit", Map.of("message", "my edit"));

        JsonNode pull = rpc.result("git/pull", Map.of("credentials", CREDENTIALS));
        assertThat(pull.get("conflicts")).extracting(JsonNode::asText).containsExactly("README.md");
        assertThat(states(rpc.result("git/status", Map.of()))).containsExactly(entry("README.md", "conflicted/conflicted"));
        assertThat(Files.readString(ws.resolve("README.md"))).contains("<<<<<<<").contains("my version").contains("peer's version");

        Files.writeString(ws.resolve("README.md"), "merged\n");
        rpc.result("git/stage", Map.of("paths", List.of("README.md")));
        rpc.result("git/commit", Map.of("message", "merge"));
        assertThat(git(ws, "rev-list", "--parents", "-n", "1", "HEAD").split(" ")).hasSize(3);
        assertThat(rpc.result("git/push", Map.of("credentials", CREDENTIALS)).get("rejected")).isEmpty();
    }

    @Test
    void divergedPullMergesAsTheCallingUser() throws Exception {
        rpc.result("git/clone", Map.of("url", http.url(name), "credentials", CREDENTIALS));
        peerCommit("peer.txt", "peer\n", "peer");
        Files.writeString(ws.resolve("mine.txt"), "mine\n");
        rpc.result("git/stage", Map.of("paths", List.of("mine.txt")));
        rpc.result("git/commit", Map.of("message", "mine"));
        JsonNode pull = rpc.result("git/pull", Map.of("credentials", CREDENTIALS));
        assertThat(pull.get("updated").asBoolean()).isTrue();
        assertThat(pull.get("conflicts")).isEmpty();
        assertThat(git(ws, "log", "-1", "--format=%an <%ae> %P").split(" ")).hasSize(4).startsWith("admin", "<admin@localhost>");
        assertThat(rpc.result("git/status", Map.of()).get("ahead").asInt()).isEqualTo(2);
    }

    @Test
    void checkoutOfARemoteBranchCreatesATrackingBranchAndPushCanSetUpstream() throws Exception {
        git(peer, "checkout", "-q", "-b", "feature");
        peerCommit("feature.txt", "f\n", "feature work");
        git(peer, "push", "-q", "origin", "feature");
        rpc.result("git/clone", Map.of("url", http.url(name), "credentials", CREDENTIALS));

        JsonNode branches = rpc.result("git/branches", Map.of()).get("branches");
        List<String> names = new ArrayList<>();
        branches.forEach(b -> names.add(b.get("name").asText() + (b.get("remote").asBoolean() ? " (remote)" : "")));
        assertThat(names).containsExactly("main", "origin/feature (remote)", "origin/main (remote)");
        assertThat(branches.get(0).get("upstream").asText()).isEqualTo("origin/main");

        rpc.result("git/checkout", Map.of("ref", "origin/feature"));
        JsonNode status = rpc.result("git/status", Map.of());
        assertThat(status.get("branch").asText()).isEqualTo("feature");
        assertThat(status.get("upstream").asText()).isEqualTo("origin/feature");
        assertThat(ws.resolve("feature.txt")).exists();

        rpc.result("git/createBranch", Map.of("name", "topic"));
        assertThat(GitTestSupport.absent(rpc.result("git/status", Map.of()), "upstream")).isTrue();
        assertThat(rpc.result("git/push", Map.of("credentials", CREDENTIALS, "setUpstream", true)).get("rejected")).isEmpty();
        assertThat(rpc.result("git/status", Map.of()).get("upstream").asText()).isEqualTo("origin/topic");
        assertThat(git(remotes.resolve(name), "rev-parse", "topic")).isEqualTo(git(ws, "rev-parse", "HEAD"));
    }

    @Test
    void unknownRemotesAndMissingUpstreamsAreNotFound() throws Exception {
        rpc.result("git/clone", Map.of("url", http.url(name), "credentials", CREDENTIALS));
        assertThat(rpc.errorCode("git/fetch", Map.of("remote", "nope", "credentials", CREDENTIALS))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/fetch", Map.of("remote", http.url(name), "credentials", CREDENTIALS))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/push", Map.of("remote", "nope", "credentials", CREDENTIALS))).isEqualTo(ErrorCodes.NOT_FOUND);
        rpc.result("git/createBranch", Map.of("name", "local-only"));
        assertThat(rpc.errorCode("git/pull", Map.of("credentials", CREDENTIALS))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/fetch", Map.of("credentials", Map.of("username", USER)))).isEqualTo(ErrorCodes.INVALID_PARAMS);
    }

    private void peerCommit(String file, String content, String message) throws Exception {
        Files.writeString(peer.resolve(file), content);
        git(peer, "add", file);
        git(peer, "commit", "-q", "-m", message);
        git(peer, "push", "-q", "origin", "HEAD");
    }

    private static List<JsonNode> drainProgress() throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        JsonNode n;
        while ((n = rpc.nextNotification(200)) != null) {
            if (n.get("method").asText().equals("git/progress")) {
                out.add(n);
            }
        }
        return out;
    }

    private static void assertNoFileUnder(Path dir, String secret) throws Exception {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .as(f.toString()).doesNotContain(new String(needle, StandardCharsets.ISO_8859_1));
            }
        }
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} while copying everything written to System.err (the server log); returns the copy. */
    static String capturingStderr(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
            }
        }, true));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return copy.toString(StandardCharsets.UTF_8);
    }
}
