import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import { openDatabase } from '../../services/store/database.js';

/** The test run's database server (started by the global set-up). */
export function testServerUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('test-database: TEST_MONGODB_URI is not set; run the tests with `npm test`.');
  return uri;
}

/** A database name of its own for a test file (and an optional label inside it). */
export function testDatabaseName(testFile: string, label = ''): string {
  const hash = createHash('sha1').update(`${testFile}#${label}#${process.pid}`).digest('hex').slice(0, 10);
  return `t_${hash}`;
}

/** Opens a fresh, empty database for one test file; `drop()` removes it. */
export async function openTestDatabase(testFile: string, label = ''): Promise<{ connection: Connection; name: string; drop(): Promise<void> }> {
  const name = testDatabaseName(testFile, label);
  const connection = await openDatabase(testServerUri(), name);
  await connection.dropDatabase();
  return {
    connection,
    name,
    drop: async () => {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
