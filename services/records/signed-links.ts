import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { loadStoredSecret } from '../store/stored-secret.js';

/** The documents a link can open: a request's record, or a period's spreadsheet. */
export type LinkedDocument =
  | { kind: 'record'; format: 'html' | 'pdf'; requestId: string }
  | { kind: 'report'; format: 'xlsx' | 'csv'; firstDay: string; lastDay: string };

/** What a link names: the document, the one person it is for, their language, and until when. */
export interface LinkGrant {
  document: LinkedDocument;
  /** The person's Entra object id (lower case). */
  personId: string;
  locale: 'es' | 'en';
  expiresAt: Date;
}

/** How long a link opens its document: ten minutes. */
export const LINK_TTL_MS = 10 * 60_000;

/** The path every document link is served at. */
export const DOCUMENTS_PATH = '/documentos';

const requestId = /^[0-9a-f]{24}$/;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;
/** A person id as the bot knows it: an Entra object id (or, in tests, a short id), lower case. */
const personId = /^[0-9a-z][0-9a-z._@-]{0,127}$/;

/** `expediente.html.<request>`, `reporte.xlsx.<first day>.<last day>`. */
function documentCode(document: LinkedDocument): string {
  return document.kind === 'record'
    ? `expediente.${document.format}.${document.requestId}`
    : `reporte.${document.format}.${document.firstDay}.${document.lastDay}`;
}

function documentOf(code: string): LinkedDocument | undefined {
  const parts = code.split('.');
  if (parts[0] === 'expediente' && parts.length === 3 && (parts[1] === 'html' || parts[1] === 'pdf') && requestId.test(parts[2]!)) {
    return { kind: 'record', format: parts[1], requestId: parts[2]! };
  }
  if (parts[0] === 'reporte' && parts.length === 4 && (parts[1] === 'xlsx' || parts[1] === 'csv') && isoDay.test(parts[2]!) && isoDay.test(parts[3]!) && parts[2]! <= parts[3]!) {
    return { kind: 'report', format: parts[1], firstDay: parts[2]!, lastDay: parts[3]! };
  }
  return undefined;
}

/** One query value, given once, short. */
const single = (max: number) =>
  z
    .array(z.string().max(max))
    .length(1)
    .transform(([value]) => value!);

/** A document link's query, exactly these fields, each once; anything else is refused. */
export const documentLinkQuery = z.strictObject({
  d: single(80),
  p: single(128),
  l: single(2),
  e: single(12),
  s: single(64),
});
export type DocumentLinkQuery = z.input<typeof documentLinkQuery>;

/** Why a link is refused. */
export type LinkRefusal = 'malformed' | 'signature' | 'expired';

/**
 * Signed, expiring links to documents, for one person (SPEC §8 downloads, §9 records). A link
 * names the document, the person's object id, their language and its expiry (at most
 * {@link LINK_TTL_MS} ahead), and carries an HMAC-SHA256 of all four under a server secret kept
 * in the database: a link altered in any part — another document, another person, a later
 * expiry — no longer verifies. The browser that opens it is not signed in to anything, so the
 * link itself is the proof: it is only ever handed to that person, in their own chat, and lives
 * ten minutes; whoever holds it in that time can open it (the limit of any bearer link).
 */
export class SignedLinks {
  constructor(
    private readonly secret: Buffer,
    private readonly baseUrl: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (secret.length < 32) throw new Error('SignedLinks needs a secret of at least 32 bytes');
  }

  /** The link to `document` for `personId` in `locale`, valid for {@link LINK_TTL_MS}. */
  linkFor(document: LinkedDocument, person: string, locale: 'es' | 'en'): { url: string; expiresAt: Date } {
    const id = person.trim().toLowerCase();
    if (!personId.test(id)) throw new Error('SignedLinks.linkFor: the person has no usable object id');
    const expires = Math.floor((this.now().getTime() + LINK_TTL_MS) / 1000);
    const code = documentCode(document);
    const query = new URLSearchParams({ d: code, p: id, l: locale, e: String(expires), s: this.mac(code, id, locale, expires) });
    return { url: `${this.baseUrl}${DOCUMENTS_PATH}?${query.toString()}`, expiresAt: new Date(expires * 1000) };
  }

  /** The grant a link's query carries, once its signature and expiry are checked; or why it is refused. */
  verify(query: unknown): { ok: true; grant: LinkGrant } | { ok: false; refusal: LinkRefusal } {
    const parsed = documentLinkQuery.safeParse(query);
    if (!parsed.success) return { ok: false, refusal: 'malformed' };
    const { d, p, l, e, s } = parsed.data;
    const document = documentOf(d);
    const expires = /^\d{1,12}$/.test(e) ? Number(e) : Number.NaN;
    if (!document || !personId.test(p) || (l !== 'es' && l !== 'en') || !Number.isSafeInteger(expires)) return { ok: false, refusal: 'malformed' };
    const expected = Buffer.from(this.mac(d, p, l, expires), 'utf8');
    const given = Buffer.from(s, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, refusal: 'signature' };
    const now = this.now().getTime();
    if (expires * 1000 < now || expires * 1000 > now + LINK_TTL_MS + 60_000) return { ok: false, refusal: 'expired' };
    return { ok: true, grant: { document, personId: p, locale: l, expiresAt: new Date(expires * 1000) } };
  }

  private mac(code: string, person: string, locale: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`document-link:v1\n${code}\n${person}\n${locale}\n${expires}`, 'utf8').digest('base64url');
  }
}

/** The links' server secret, kept in the database (`document_link_state`): see {@link loadStoredSecret}. */
export function loadLinkSecret(db: Db): Promise<Buffer> {
  return loadStoredSecret(db, 'document_link_state', 'link-secret');
}
