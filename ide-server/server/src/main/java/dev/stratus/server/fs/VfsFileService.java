package dev.stratus.server.fs;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.Empty;
import dev.stratus.protocol.fs.DeleteParams;
import dev.stratus.protocol.fs.DidChangeParams;
import dev.stratus.protocol.fs.Encoding;
import dev.stratus.protocol.fs.FileClient;
import dev.stratus.protocol.fs.FileService;
import dev.stratus.protocol.fs.FileStat;
import dev.stratus.protocol.fs.ListResult;
import dev.stratus.protocol.fs.MoveParams;
import dev.stratus.protocol.fs.PathParams;
import dev.stratus.protocol.fs.ReadParams;
import dev.stratus.protocol.fs.ReadResult;
import dev.stratus.protocol.fs.UnwatchParams;
import dev.stratus.protocol.fs.WatchParams;
import dev.stratus.protocol.fs.WatchResult;
import dev.stratus.protocol.fs.WriteParams;
import dev.stratus.protocol.fs.WriteResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@link FileService} of one RPC connection: checks params, runs each call on the given executor
 * (virtual threads), and owns the connection's watches, which {@link #close()} ends.
 *
 * <p>One exception: {@code fs/stat} on a local disk runs on the calling (I/O) thread. It is a
 * path check and one cached {@code stat} syscall, about 3 µs in all, while handing it to a virtual
 * thread and the reply back to the I/O thread costs two thread wake-ups, about 50 µs on a small
 * VM. Editors call stat constantly, so that is most of their file latency. On network file
 * systems, where a stat can hang, it runs on a virtual thread like everything else.
 */
public final class VfsFileService implements FileService, AutoCloseable {
    private final FileStore store;
    private final WorkspaceWatcher watcher;
    private final FileClient client;
    private final FsConfig config;
    private final Executor executor;
    private final Map<String, WorkspaceWatcher.Subscription> watches = new ConcurrentHashMap<>();
    private final AtomicLong watchIds = new AtomicLong();

    public VfsFileService(FileStore store, WorkspaceWatcher watcher, FileClient client, FsConfig config, Executor executor) {
        this.store = store;
        this.watcher = watcher;
        this.client = client;
        this.config = config;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<FileStat> stat(PathParams params) {
        if (store.onLocalDisk()) {
            try {
                return CompletableFuture.completedFuture(store.stat(required(params).path()));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return async(() -> store.stat(required(params).path()));
    }

    @Override
    public CompletableFuture<ListResult> list(PathParams params) {
        return async(() -> new ListResult(store.list(required(params).path())));
    }

    @Override
    public CompletableFuture<ReadResult> read(ReadParams params) {
        return async(() -> {
            Encoding encoding = required(params).encoding() == null ? Encoding.UTF8 : params.encoding();
            FileStore.Content c = store.read(params.path(), config.maxRpcReadBytes());
            String content = encoding == Encoding.BASE64 ? Base64.getEncoder().encodeToString(c.bytes())
                    : new String(c.bytes(), StandardCharsets.UTF_8);
            return new ReadResult(content, encoding, c.version());
        });
    }

    @Override
    public CompletableFuture<WriteResult> write(WriteParams params) {
        return async(() -> {
            if (required(params).content() == null) {
                throw FsException.invalid("content is required");
            }
            byte[] bytes = decode(params.content(), params.encoding());
            if (bytes.length > config.maxRpcWriteBytes()) {
                throw new FsException(ProtocolError.TOO_LARGE, "Content is larger than "
                        + config.maxRpcWriteBytes() + " bytes; upload it instead");
            }
            var options = new FileStore.WriteOptions(params.expectedVersion(),
                    params.create() == null || params.create(), params.overwrite() == null || params.overwrite());
            return new WriteResult(store.write(params.path(), new ByteArrayInputStream(bytes), config.maxRpcWriteBytes(), options));
        });
    }

    @Override
    public CompletableFuture<Empty> mkdir(PathParams params) {
        return async(() -> {
            store.mkdir(required(params).path());
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Empty> delete(DeleteParams params) {
        return async(() -> {
            store.delete(required(params).path(), Boolean.TRUE.equals(params.recursive()));
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Empty> move(MoveParams params) {
        return async(() -> {
            required(params);
            store.move(requiredPath(params.from(), "from"), requiredPath(params.to(), "to"), Boolean.TRUE.equals(params.overwrite()));
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Empty> copy(MoveParams params) {
        return async(() -> {
            required(params);
            store.copy(requiredPath(params.from(), "from"), requiredPath(params.to(), "to"), Boolean.TRUE.equals(params.overwrite()));
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<WatchResult> watch(WatchParams params) {
        return async(() -> {
            PathGuard.Resolved r = store.guard().resolve(required(params).path());
            store.stat(r.relative());
            String id = "w" + watchIds.incrementAndGet();
            try {
                watches.put(id, watcher.subscribe(r.relative(), Boolean.TRUE.equals(params.recursive()),
                        changes -> client.didChange(new DidChangeParams(id, changes))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new WatchResult(id);
        });
    }

    @Override
    public CompletableFuture<Empty> unwatch(UnwatchParams params) {
        return async(() -> {
            WorkspaceWatcher.Subscription s = watches.remove(requiredPath(required(params).watchId(), "watchId"));
            if (s == null) {
                throw new FsException(ProtocolError.NOT_FOUND, "No such watch: " + FsException.display(params.watchId()));
            }
            s.close();
            return Empty.INSTANCE;
        });
    }

    @Override
    public void close() {
        watches.values().forEach(WorkspaceWatcher.Subscription::close);
        watches.clear();
    }

    private static byte[] decode(String content, Encoding encoding) {
        if (encoding == Encoding.BASE64) {
            try {
                return Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                throw FsException.invalid("content is not valid base64");
            }
        }
        return content.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T required(T params) {
        if (params == null) {
            throw FsException.invalid("params object is required");
        }
        return params;
    }

    private static String requiredPath(String value, String name) {
        if (value == null) {
            throw FsException.invalid(name + " is required");
        }
        return value;
    }

    private <T> CompletableFuture<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, executor);
    }
}
