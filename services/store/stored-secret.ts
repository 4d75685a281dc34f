import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { isDuplicateKey } from './database.js';

/**
 * A server secret of 32 random bytes, made once and kept in the database (document `id` of
 * `collection`), so every instance signs and checks with the same one: of two instances starting
 * together, whichever stored first wins and both use it.
 */
export async function loadStoredSecret(db: Db, collection: string, id: string): Promise<Buffer> {
  const state = db.collection<{ _id: string; secret?: string }>(collection);
  const stored = await state.findOne({ _id: id });
  if (stored?.secret) return Buffer.from(stored.secret, 'base64');
  try {
    await state.insertOne({ _id: id, secret: randomBytes(32).toString('base64') });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const kept = await state.findOne({ _id: id });
  if (!kept?.secret) throw new Error(`loadStoredSecret: the secret ${collection}/${id} could not be stored`);
  return Buffer.from(kept.secret, 'base64');
}
