/** Exponential reconnect delays: base doubling up to max, with proportional jitter. */
export interface BackoffOptions {
  /** First delay in milliseconds. */
  baseMs: number;
  /** Upper bound in milliseconds (before jitter is subtracted). */
  maxMs: number;
  /** Fraction of the delay that is randomised away, 0..1. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000, jitter: 0.3 };

/**
 * Delay before reconnect attempt number `attempt` (0-based). Jitter only shortens the delay,
 * so the cap is never exceeded and many tabs do not reconnect in lock-step.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF,
                             random: () => number = Math.random): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const jitter = exp * opts.jitter * random();
  return Math.max(0, Math.round(exp - jitter));
}
