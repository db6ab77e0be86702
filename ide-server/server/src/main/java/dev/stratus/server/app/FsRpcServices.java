package dev.stratus.server.app;

import dev.stratus.protocol.fs.FileClient;
import dev.stratus.protocol.fs.FileService;
import dev.stratus.server.auth.Principal;
import dev.stratus.server.fs.FsConfig;
import dev.stratus.server.fs.LocalFileStores;
import dev.stratus.server.fs.VfsFileService;
import dev.stratus.server.rpc.RpcServiceFactory;
import dev.stratus.server.workspace.Workspace;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** The services on a workspace's RPC socket: for now, the file service. */
final class FsRpcServices implements RpcServiceFactory {
    private final LocalFileStores stores;
    private final FsConfig config;
    private final ExecutorService executor;

    FsRpcServices(LocalFileStores stores, FsConfig config, ExecutorService executor) {
        this.stores = stores;
        this.config = config;
        this.executor = executor;
    }

    @Override
    public List<Class<?>> serviceInterfaces() {
        return List.of(FileService.class);
    }

    @Override
    public List<Class<?>> clientInterfaces() {
        return List.of(FileClient.class);
    }

    @Override
    public List<Object> create(Workspace workspace, Principal principal, Object client) {
        return List.of(new VfsFileService(stores.store(workspace), stores.watcher(workspace), (FileClient) client, config, executor));
    }
}
