package dev.stratus.server.app;

import dev.stratus.server.auth.Principal;
import dev.stratus.server.rpc.RpcServiceFactory;
import dev.stratus.server.workspace.Workspace;
import java.util.List;

/**
 * The services on a workspace's RPC socket: one {@link Feature} per protocol segment
 * ({@code fs}, {@code git}, ...), each binding a service interface, its client (notification)
 * interface and how to create the service for one connection.
 */
final class WorkspaceRpcServices implements RpcServiceFactory {

    /** Creates one feature's service for a connection. */
    @FunctionalInterface
    interface Creator {
        Object create(Workspace workspace, Principal principal, Object client);
    }

    /** A protocol feature on the RPC socket: one object implementing its service interfaces. */
    record Feature(List<Class<?>> services, List<Class<?>> clients, Creator creator) {
        Feature(Class<?> service, Class<?> client, Creator creator) {
            this(List.of(service), List.of(client), creator);
        }
    }

    private final List<Feature> features;

    WorkspaceRpcServices(List<Feature> features) {
        this.features = List.copyOf(features);
    }

    @Override
    public List<Class<?>> serviceInterfaces() {
        return features.stream().<Class<?>>flatMap(f -> f.services().stream()).toList();
    }

    @Override
    public List<Class<?>> clientInterfaces() {
        return features.stream().<Class<?>>flatMap(f -> f.clients().stream()).toList();
    }

    @Override
    public List<Object> create(Workspace workspace, Principal principal, Object client) {
        return features.stream().map(f -> f.creator().create(workspace, principal, client)).toList();
    }
}
