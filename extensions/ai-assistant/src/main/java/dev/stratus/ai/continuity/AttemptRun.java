package dev.stratus.ai.continuity;

import dev.stratus.ai.model.DirectSink;
import dev.stratus.ai.model.StreamEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * One provider call's stream, passed on to the caller's sink and measured on the way; on the
 * provider's reading thread when the caller's sink takes events there ({@link DirectSink}).
 */
final class AttemptRun implements Consumer<StreamEvent>, DirectSink {
    private final String deployment;
    private final Consumer<ContinuityEvent> sink;
    private final InstantSource clock;
    private final Instant started;
    private Instant firstOutput;
    private Instant ended;
    private int chars;

    AttemptRun(String deployment, Consumer<ContinuityEvent> sink, InstantSource clock) {
        this.deployment = deployment;
        this.sink = sink;
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public void accept(StreamEvent event) {
        boolean output = switch (event) {
            case StreamEvent.TextDelta t -> {
                chars += t.text().length();
                yield !t.text().isEmpty();
            }
            case StreamEvent.ThinkingDelta ignored -> false;
            case StreamEvent.Thought t -> {
                chars -= t.takenBack(); // what a restart would take back is the answer shown
                yield false;
            }
            case StreamEvent.ToolCallDelta ignored -> true;
            case StreamEvent.UsageReport ignored -> false;
            case StreamEvent.Finished ignored -> false;
        };
        if (output && firstOutput == null) {
            firstOutput = clock.instant();
        }
        try {
            sink.accept(new ContinuityEvent.Output(deployment, event));
        } catch (RuntimeException e) {
            throw new SinkFailure(e);
        }
    }

    @Override
    public boolean takesDirectly() {
        return sink instanceof DirectSink direct && direct.takesDirectly();
    }

    String deployment() {
        return deployment;
    }

    Instant started() {
        return started;
    }

    /** The provider call returned or threw: stops the latency clock. */
    void end() {
        if (ended == null) {
            ended = clock.instant();
        }
    }

    Duration latency() {
        return Duration.between(started, ended != null ? ended : clock.instant());
    }

    /** Until the first text or tool-call output, or null when none came. */
    Duration timeToFirstToken() {
        return firstOutput == null ? null : Duration.between(started, firstOutput);
    }

    /** Whether the sink was handed any answer output (text or a tool call). */
    boolean delivered() {
        return firstOutput != null;
    }

    int chars() {
        return chars;
    }

    /**
     * The caller's sink threw (say, the user's connection is gone): that ends the call, it is no
     * reason to try another deployment. Carried through the provider client unchanged.
     */
    static final class SinkFailure extends RuntimeException {
        SinkFailure(RuntimeException cause) {
            super(null, cause, false, false);
        }

        RuntimeException sinkException() {
            return (RuntimeException) getCause();
        }
    }
}
