/**
 * Waits for `work` for at most `ms`: resolves `true` when it settled in time (whether it fulfilled
 * or failed), `false` when the time ran out first. The work itself is not cancelled; its outcome
 * is no longer awaited. Used where waiting on an unreachable database must not hold a shutdown.
 */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const, () => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
