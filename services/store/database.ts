import mongoose, { type Connection } from 'mongoose';

/**
 * Opens a connection to `databaseName` on the server at `uri` and checks it answers, so that a
 * missing database fails here, clearly, and not later inside a job scheduler.
 */
export async function openDatabase(uri: string, databaseName: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName: databaseName,
    autoIndex: false,
    autoCreate: false,
    bufferCommands: false,
    serverSelectionTimeoutMS: 10_000,
  });
  try {
    await connection.asPromise();
    await connection.db!.command({ ping: 1 });
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw new Error(`Cannot reach the database at ${redactUri(uri)}: ${(error as Error).message}`);
  }
  return connection;
}

/**
 * Whether the database answers a ping within `withinMs` (for readiness checks). A server that is
 * down makes the driver wait for server selection (10 s here); the answer does not wait for that.
 */
export async function databaseAnswers(connection: Connection, withinMs = 1_500): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), withinMs);
  });
  const ping = Promise.resolve()
    .then(() => connection.db!.command({ ping: 1 }))
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([ping, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The connection string without its password, for messages and logs. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

/** True when `error` is a duplicate-key error from a unique index (E11000). */
export function isDuplicateKey(error: unknown): boolean {
  const candidate = error as { code?: unknown; writeErrors?: Array<{ code?: unknown }> } | null;
  return candidate?.code === 11000 || candidate?.writeErrors?.some((writeError) => writeError.code === 11000) === true;
}
