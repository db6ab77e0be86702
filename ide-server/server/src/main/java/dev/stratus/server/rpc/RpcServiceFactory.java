package dev.stratus.server.rpc;

import dev.stratus.server.auth.Principal;
import dev.stratus.server.workspace.Workspace;
import java.util.List;

/**
 * Creates the JSON-RPC services of one connection. The composition root implements it, so this
 * package never knows the concrete services.
 */
public interface RpcServiceFactory {

    /** The {@code @JsonSegment} service interfaces the created objects implement. */
    List<Class<?>> serviceInterfaces();

    /** The client (notification) interfaces the remote proxy given to {@link #create} implements. */
    List<Class<?>> clientInterfaces();

    /**
     * The services of a new connection. {@code client} implements every interface of
     * {@link #clientInterfaces()}. Services that are {@link AutoCloseable} are closed when the
     * connection closes.
     */
    List<Object> create(Workspace workspace, Principal principal, Object client);
}
