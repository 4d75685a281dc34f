import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from 'mongodb';
import { loadStoredSecret } from '../store/stored-secret.js';

/** A reply token as found in a mail: the folio, the wait and the token's MAC (not yet checked). */
export interface ReplyTokenCandidate {
  folio: string;
  waitId: string;
  mac: string;
}

/** The MAC's length in hex digits: 80 bits, beyond guessing. */
const macLength = 20;

/**
 * `VC-2026-0042.3.8f2a9c0d1e2f3a4b5c6d`: folio, wait id and MAC, anywhere in a subject or header.
 * The folio is written as the store formats it (SOL, VC, TC or NC, year, number).
 */
const tokenPattern = new RegExp(`\\b((?:SOL|VC|TC|NC)-\\d{4}-\\d{4,9})\\.(\\d{1,9})\\.([0-9a-f]{${macLength}})\\b`, 'gi');

/** At most this many candidates are read from one mail (a References header can be long). */
const maxCandidates = 10;

/**
 * Reply tokens of information requests (answers by e-mail). A token names the request (its folio)
 * and the wait it answers, with an HMAC-SHA256 of the request id and wait id under a server secret:
 * knowing a folio is not enough to answer someone else's request, and a token of a closed wait
 * still proves which request a reply belongs to. The token goes in the subject of the information
 * request and its reminder and in their Message-ID, so a reply's subject, In-Reply-To or References
 * carry it back.
 */
export class ReplyTokens {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('ReplyTokens needs a secret of at least 32 bytes');
  }

  /** The token of wait `waitId` of the request. */
  tokenFor(request: { id: string; folio: string }, waitId: string): string {
    return `${request.folio}.${waitId}.${this.mac(request.id, waitId)}`;
  }

  /** Whether `candidate` was made by {@link tokenFor} for this request (compared in constant time). */
  verify(candidate: ReplyTokenCandidate, request: { id: string; folio: string }): boolean {
    if (candidate.folio.toUpperCase() !== request.folio.toUpperCase()) return false;
    const expected = Buffer.from(this.mac(request.id, candidate.waitId), 'utf8');
    const given = Buffer.from(candidate.mac.toLowerCase(), 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(requestId: string, waitId: string): string {
    return createHmac('sha256', this.secret).update(`reply:${requestId}:${waitId}`, 'utf8').digest('hex').slice(0, macLength);
  }
}

/** The token candidates in `texts` (a reply's In-Reply-To, References, subject…), in order, each once. */
export function findReplyTokens(texts: ReadonlyArray<string | undefined>): ReplyTokenCandidate[] {
  const found = new Map<string, ReplyTokenCandidate>();
  for (const text of texts) {
    for (const match of (text ?? '').slice(0, 10_000).matchAll(tokenPattern)) {
      const candidate = { folio: match[1]!.toUpperCase(), waitId: match[2]!, mac: match[3]!.toLowerCase() };
      found.set(`${candidate.folio}.${candidate.waitId}.${candidate.mac}`, candidate);
      if (found.size >= maxCandidates) return [...found.values()];
    }
  }
  return [...found.values()];
}

/** The server secret of the reply tokens, kept in the database (`inbound_mail_state`): see {@link loadStoredSecret}. */
export function loadReplySecret(db: Db): Promise<Buffer> {
  return loadStoredSecret(db, 'inbound_mail_state', 'reply-token-secret');
}
