import { GraphError } from '@microsoft/microsoft-graph-client';

/** A Graph call that failed, after the client's own retries; says which call and why. */
export class GraphCallError extends Error {
  /** HTTP status, or undefined when Graph was not reached. */
  readonly status: number | undefined;
  /** Graph's error code, e.g. `ErrorItemNotFound`, `TooManyRequests`. */
  readonly code: string | undefined;
  /** The Retry-After Graph asked for, in seconds, when it did. */
  readonly retryAfterSeconds: number | undefined;

  constructor(operation: string, cause: unknown) {
    const status = cause instanceof GraphError && cause.statusCode > 0 ? cause.statusCode : undefined;
    const code = cause instanceof GraphError ? (cause.code ?? undefined) : undefined;
    const retryAfter = cause instanceof GraphError ? cause.headers?.get('retry-after') : null;
    const retryAfterSeconds = retryAfter != null && retryAfter !== '' && Number.isFinite(Number(retryAfter)) ? Number(retryAfter) : undefined;
    const reason = cause instanceof Error ? cause.message : String(cause);
    const detail = [status, code].filter((part) => part !== undefined).join(' ');
    const retry = retryAfterSeconds !== undefined ? ` (retry after ${retryAfterSeconds} s)` : '';
    super(`Microsoft Graph ${operation} failed${detail ? ` (${detail})` : ''}: ${reason || 'no details'}${retry}`, { cause });
    this.name = 'GraphCallError';
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Whether `error` is a failed Graph call (or graph-client error) with HTTP status `status`. */
export function hasGraphStatus(error: unknown, status: number): boolean {
  if (error instanceof GraphCallError) return error.status === status;
  return error instanceof GraphError && error.statusCode === status;
}

/** Runs `call`, turning any failure into a {@link GraphCallError} naming `operation`. */
export async function graphCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof GraphCallError ? error : new GraphCallError(operation, error);
  }
}
