package dev.stratus.extension.api;

import java.util.List;
import java.util.Optional;

/**
 * One run of a command.
 *
 * @param commandId the command
 * @param caller who runs it
 * @param arguments the arguments as JSON values (maps, lists, strings, numbers, booleans, nulls)
 * @param workspace the caller's workspace, when the command was run from one
 * @since 1.0
 */
public record CommandInvocation(String commandId, Caller caller, List<Object> arguments,
                                Optional<WorkspaceAccess> workspace) {
}
