package dev.stratus.ai.engine;

import dev.stratus.ai.continuity.ContinuityEvent;
import dev.stratus.ai.governance.HeldReservation;
import dev.stratus.ai.model.DirectSink;
import dev.stratus.ai.model.StreamEvent;
import java.util.function.Consumer;

/**
 * Passes a call's events on to the run's sink, none of its output before the budget
 * reservation is on disk. Takes them on the provider's reading thread ({@link DirectSink})
 * once the reservation is on disk and while the sink takes text there.
 */
final class Forwarder implements Consumer<ContinuityEvent>, DirectSink {
    private final HeldReservation held;
    private final RunSink sink;
    /** Answer text the models wrote, each attempt's (one event at a time, on one thread or another). */
    private volatile long chars;
    /** The deployment whose output came last, or null before any. */
    private volatile String writer;
    /** The answer break-off the sink refused to restart after (it ended the run instead), or null. */
    private volatile ContinuityEvent.Restart refusedRestart;

    Forwarder(HeldReservation held, RunSink sink) {
        this.held = held;
        this.sink = sink;
    }

    @Override
    public void accept(ContinuityEvent event) {
        if (event instanceof ContinuityEvent.Output o) {
            held.durable();
            writer = o.deployment();
            if (o.event() instanceof StreamEvent.TextDelta t) {
                chars += t.text().length();
            } else if (o.event() instanceof StreamEvent.ThinkingDelta t) {
                chars += t.text().length(); // not shown, but written: a cut answer is charged for it
            }
        }
        try {
            forward(event, sink);
        } catch (RuntimeException e) {
            if (event instanceof ContinuityEvent.Restart r) {
                refusedRestart = r;
            }
            throw e;
        }
    }

    /**
     * The break-off that ended the run: the sink could not take a restart (the gateway's stream,
     * after text went out), so the answer stopped with the deployment that cut off; null otherwise.
     */
    ContinuityEvent.Restart refusedRestart() {
        return refusedRestart;
    }

    /** The deployment that wrote the last output passed on, or null when none has. */
    String writer() {
        return writer;
    }

    /** Characters of answer text passed on so far, every attempt's. */
    long written() {
        return chars;
    }

    @Override
    public boolean takesDirectly() {
        return held.isDurable() && sink.takesTextDirectly();
    }

    /** What the user is told of the model's thinking, which is not part of its answer. */
    static String thought(StreamEvent.Thought t) {
        return t.closed() ? "The model thought before answering (" + t.chars() + " characters, not part of the answer)."
                : "The model was still thinking when its answer ended (" + t.chars() + " characters of thinking): it wrote no answer.";
    }

    private static void forward(ContinuityEvent event, RunSink sink) {
        switch (event) {
            case ContinuityEvent.Output o -> {
                if (o.event() instanceof StreamEvent.TextDelta t) {
                    sink.text(t.text());
                } else if (o.event() instanceof StreamEvent.ThinkingDelta t) {
                    sink.thinking(t.text());
                } else if (o.event() instanceof StreamEvent.Thought t) {
                    sink.notice("thinking", thought(t), t.takenBack() > 0 ? t.takenBack() : null);
                }
            }
            case ContinuityEvent.Notice n -> {
                if (n.kind() != ContinuityEvent.Notice.Kind.RESTART) {
                    sink.notice(switch (n.kind()) {
                        case TIER_FALLBACK, LARGER_CONTEXT -> "fallback";
                        case WAITING -> "waiting";
                        case RESTART -> "restart";
                    }, n.message(), null);
                }
            }
            case ContinuityEvent.Restart r -> sink.notice("restart", "The answer from " + r.from() + " was cut off after "
                    + r.discardedChars() + " characters; continuing with " + r.to() + ".", r.discardedChars());
        }
    }
}
