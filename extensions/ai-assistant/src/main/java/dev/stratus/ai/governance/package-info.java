/**
 * Governance of AI requests, in the order a request meets it: {@link dev.stratus.ai.governance.Bucket4jRateLimiter}
 * (requests per minute per user), {@link dev.stratus.ai.governance.Redactor} (secrets replaced, or
 * the request blocked), {@link dev.stratus.ai.governance.TokenBudgets} (tokens reserved before the
 * call, settled after), {@link dev.stratus.ai.governance.AuditLog} (one hash-chained record per
 * request) and {@link dev.stratus.ai.governance.AiMetrics} (Prometheus meters).
 *
 * <p>Files under the extension's data folder: {@code budgets/<period>.jsonl} (append-only budget
 * ledger per period) and the audit log file the caller names (conventionally {@code audit.jsonl}).
 * Configuration: {@link dev.stratus.ai.governance.GovernanceConfig}.
 */
package dev.stratus.ai.governance;
