import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer of tokens the Bot Framework channel (Teams) sends to bots, as botbuilder checks it. */
export const CHANNEL_ISSUER = 'https://api.botframework.com';
/** An issuer botbuilder takes for the Bot Framework Emulator (AAD v1, Microsoft's Bot Framework tenant). */
export const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

/** A JWT header and claims; the claims default to a valid channel token (see {@link BotFrameworkIdentity.claims}). */
type Claims = Record<string, unknown>;

/**
 * A stand-in for the Bot Framework's token issuer on loopback: it serves an OpenID metadata document
 * and its signing keys (JWKS), and signs tokens as the channel would — or forges them in the ways an
 * attacker would try. Point the bot's OpenID metadata setting at {@link metadataUrl}.
 */
export interface BotFrameworkIdentity {
  metadataUrl: string;
  /** How many times the metadata and the keys were fetched. */
  fetches: { metadata: number; keys: number };
  /** Valid channel claims for `appId` and `serviceUrl`, overridden by `overrides`. */
  claims(overrides?: Claims): Claims;
  /** A token signed RS256 with the published key (or the unpublished one with `withOtherKey`). */
  signed(claims: Claims, options?: { withOtherKey?: boolean; kid?: string }): string;
  /** `alg: none`, no signature, naming the published key. */
  unsigned(claims: Claims): string;
  /** HS256 with the published public key (PEM) as the HMAC secret: the algorithm-confusion forgery. */
  hmacWithPublicKey(claims: Claims): string;
  stop(): Promise<void>;
}

const PUBLISHED_KID = 'test-signing-key';

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const json = (value: unknown) => base64url(JSON.stringify(value));

/** Starts the stand-in issuer for a bot whose app id is `appId` and whose activities come from `serviceUrl`. */
export async function startBotFrameworkIdentity(appId: string, serviceUrl: string): Promise<BotFrameworkIdentity> {
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = published.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const fetches = { metadata: 0, keys: 0 };
  let base = '';
  const server: Server = createServer((request, response) => {
    response.setHeader('Content-Type', 'application/json');
    if (request.url === '/.well-known/openidconfiguration') {
      fetches.metadata += 1;
      response.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (request.url === '/keys') {
      fetches.keys += 1;
      response.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: PUBLISHED_KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const rs256 = (claims: Claims, key: KeyObject, kid: string) => {
    const input = `${json({ alg: 'RS256', typ: 'JWT', kid })}.${json(claims)}`;
    return `${input}.${base64url(sign('sha256', Buffer.from(input), key))}`;
  };
  return {
    metadataUrl: `${base}/.well-known/openidconfiguration`,
    fetches,
    claims: (overrides = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return { iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...overrides };
    },
    signed: (claims, options = {}) => rs256(claims, options.withOtherKey ? other.privateKey : published.privateKey, options.kid ?? PUBLISHED_KID),
    unsigned: (claims) => `${json({ alg: 'none', typ: 'JWT', kid: PUBLISHED_KID })}.${json(claims)}.`,
    hmacWithPublicKey: (claims) => {
      const input = `${json({ alg: 'HS256', typ: 'JWT', kid: PUBLISHED_KID })}.${json(claims)}`;
      const secret = published.publicKey.export({ format: 'pem', type: 'spki' });
      return `${input}.${base64url(createHmac('sha256', secret).update(input).digest())}`;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
