// Polls until a condition holds. For waiting on asynchronous effects (a job handled, a row
// written) in tests - never for asserting how long something took.

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Shown in the timeout error: what we were waiting for. */
  description?: string;
}

/**
 * Resolves with the predicate's first truthy value; rejects after `timeoutMs` with the last
 * error the predicate threw (so an assertion inside the predicate explains the failure).
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions | number = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 10000, intervalMs = 50, description = 'condition' } =
    typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`waitFor: ${description} not met within ${timeoutMs} ms${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
