package dev.stratus.extension.api;

/**
 * RPC services on the workspace socket. Each public method of a registered interface is the
 * JSON-RPC method {@code ext/<extension-id>/<methodName>}: it takes no parameter or one (bound
 * from the request's params object, by field name, to a record or class), and returns a
 * JSON-serialisable value, {@code void}, or a {@link java.util.concurrent.CompletionStage} of
 * one. Method names must be unique in the interface.
 *
 * <p>Notification interfaces declare methods with one parameter returning {@code void}; calling
 * one sends the notification {@code ext/<extension-id>/<methodName>} with the argument as
 * params.
 *
 * @since 1.0
 */
public interface RpcServices {

    /**
     * Exposes a service. {@code factory} is called once per workspace connection that calls one
     * of its methods; the object is closed (if {@link AutoCloseable}) with the connection.
     *
     * @param serviceInterface the interface whose methods are exposed
     * @param factory creates the service for one connection
     * @param <T> the service type
     * @return the registration
     * @throws IllegalArgumentException if {@code serviceInterface} is not an interface, has
     *     overloaded methods or methods with more than one parameter, or clashes with methods
     *     of a service registered before
     * @since 1.0
     */
    <T> Registration register(Class<T> serviceInterface, RpcServiceFactory<T> factory);

    /**
     * A proxy that sends each call as a notification to every connection of a workspace.
     *
     * @param workspaceId the workspace
     * @param notificationInterface the notifications' interface
     * @param <N> the interface type
     * @return the proxy
     * @since 1.0
     */
    <N> N broadcast(String workspaceId, Class<N> notificationInterface);

    /**
     * Creates a service for one connection.
     *
     * @param <T> the service type
     * @since 1.0
     */
    @FunctionalInterface
    interface RpcServiceFactory<T> {

        /**
         * Creates the service.
         *
         * @param session the connection
         * @return the service
         * @since 1.0
         */
        T create(RpcSession session);
    }
}
