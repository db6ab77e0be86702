package dev.stratus.ai;

import dev.stratus.ai.engine.AiEngine;

/**
 * The engine and what the assistant knows of its deployments, as the latest configuration built
 * them. A request takes the one current when it starts and keeps it to its end: an edit of the
 * deployments or the routing builds new ones for the requests after it ({@link Generation}).
 */
public record Assistant(AiEngine engine, AssistantState state) {
}
