import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';

/** The application's identity in Microsoft Entra ID (app-only, client credentials). */
export interface AppCredentials {
  /** e.g. https://login.microsoftonline.com (no trailing slash). */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** How tokens are asked for and kept. */
export interface AppTokenProviderOptions {
  /** The scope asked for, e.g. `https://graph.microsoft.com/.default` (see {@link graphScope}). */
  scope: string;
  /** A token is renewed this long before it expires (at most half its lifetime). Default 300. */
  refreshMarginSeconds?: number;
  /** The clock, epoch ms (tests). */
  now?: () => number;
  /** Gives up on the token endpoint after this long. Default 30 000. */
  timeoutMs?: number;
}

/** The token endpoint refused or could not be reached; names the tenant and client, never the secret. */
export class TokenRequestError extends Error {
  constructor(
    message: string,
    readonly tenantId: string,
    readonly clientId: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TokenRequestError';
  }
}

/** The `.default` scope of the Graph service whose root is `baseUrl`: its origin + `/.default`. */
export function graphScope(baseUrl: string): string {
  return `${new URL(baseUrl).origin}/.default`;
}

interface CachedToken {
  accessToken: string;
  renewAt: number;
}

/**
 * App-only access tokens for Microsoft Graph by the OAuth 2.0 client credentials grant: one POST
 * of the form `client_id, client_secret, scope, grant_type=client_credentials` to
 * `{authorityHost}/{tenantId}/oauth2/v2.0/token`. The token is kept until shortly before
 * `expires_in` runs out, and callers asking while a request is under way share it.
 *
 * Why not `@azure/identity` (or MSAL): client credentials is a single POST, and those libraries
 * do authority and instance discovery (`/.well-known/openid-configuration`, the instance
 * metadata endpoint) that cannot be pointed at a local test fixture without more code than this
 * provider. Certificates or managed identity would be a reason to switch.
 */
export class AppTokenProvider implements AuthenticationProvider {
  private cached: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly credentials: AppCredentials,
    private readonly options: AppTokenProviderOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The token endpoint of the tenant. */
  get tokenEndpoint(): string {
    return `${this.credentials.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(this.credentials.tenantId)}/oauth2/v2.0/token`;
  }

  /** A valid access token: the kept one, or a new one (one request however many ask at once). */
  async getAccessToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return this.cached.accessToken;
    this.pending ??= this.requestToken().finally(() => {
      this.pending = undefined;
    });
    this.cached = await this.pending;
    return this.cached.accessToken;
  }

  private async requestToken(): Promise<CachedToken> {
    const { tenantId, clientId, clientSecret } = this.credentials;
    const who = `client ${clientId} in tenant ${tenantId}`;
    const form = new URLSearchParams({
      client_id: clientId,
      client_secret: clientSecret,
      scope: this.options.scope,
      grant_type: 'client_credentials',
    });
    const askedAt = this.now();
    let response: Response;
    try {
      response = await fetch(this.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new TokenRequestError(
        `Could not reach the token endpoint ${this.tokenEndpoint} for ${who}: ${(error as Error).message}`,
        tenantId,
        clientId,
        undefined,
        undefined,
        { cause: error },
      );
    }
    const text = await response.text();
    const body = parseJsonObject(text);
    if (!response.ok) {
      const code = typeof body?.error === 'string' ? body.error : undefined;
      const description = typeof body?.error_description === 'string' ? body.error_description.split(/\r?\n/)[0] : text.slice(0, 200);
      throw new TokenRequestError(
        `Microsoft Entra ID refused a Graph token for ${who} (scope ${this.options.scope}): ${response.status} ${code ?? ''} ${description}`.trim(),
        tenantId,
        clientId,
        response.status,
        code,
      );
    }
    const accessToken = body?.access_token;
    const expiresIn = Number(body?.expires_in);
    if (typeof accessToken !== 'string' || !accessToken || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new TokenRequestError(
        `The token endpoint ${this.tokenEndpoint} answered ${who} without access_token/expires_in`,
        tenantId,
        clientId,
        response.status,
        undefined,
      );
    }
    const margin = Math.min(this.options.refreshMarginSeconds ?? 300, expiresIn / 2);
    return { accessToken, renewAt: askedAt + (expiresIn - margin) * 1000 };
  }
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trim().startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
