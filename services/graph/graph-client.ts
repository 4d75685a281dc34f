import {
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type AuthenticationProvider,
  type GraphRequest,
} from '@microsoft/microsoft-graph-client';
import { AppTokenProvider, graphScope } from './app-token-provider.js';
import { GraphTokenHandler } from './graph-token-handler.js';

/** Where Graph is and who the application is (the `graph` section of the configuration). */
export interface GraphSettings {
  /** Service root with its version, e.g. https://graph.microsoft.com/v1.0. */
  baseUrl: string;
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** Retry policy of the client (graph-client's `RetryHandler`) and an optional token source. */
export interface GraphClientOptions {
  /** Retries after 429/503/504, 0..10. Default 3. */
  maxRetries?: number;
  /** Base back-off in seconds when the answer has no Retry-After, 0..180. Default 3. */
  retryDelaySeconds?: number;
  /** Replaces the client-credentials provider built from the settings. */
  tokenProvider?: AuthenticationProvider;
}

/** A graph-client `Client` bound to the configured service root. */
export interface GraphClient {
  /** The configured service root, without trailing slash, e.g. https://graph.microsoft.com/v1.0. */
  readonly baseUrl: string;
  /** The underlying SDK client. */
  readonly sdk: Client;
  /**
   * A request for a path under the service root (`/users/x/events`), or for an absolute URL under
   * it (an `@odata.nextLink`). An absolute URL elsewhere is refused.
   */
  api(pathOrUrl: string): GraphRequest;
}

/**
 * A Graph client for app-only calls: client-credentials tokens ({@link AppTokenProvider}),
 * requests to the configured service root (origin + version, so a test fixture can stand in for
 * graph.microsoft.com), and graph-client's `RetryHandler`: 429 waits the Retry-After, 503/504
 * back off exponentially, at most `maxRetries` retries, then the last error is thrown.
 *
 * The middleware chain is graph-client's default one (`MiddlewareFactory.getDefaultMiddlewareChain`:
 * authentication, retry, redirect, telemetry, HTTP) with our own retry options and with
 * {@link GraphTokenHandler} in the place of `AuthenticationHandler`, which only authenticates
 * https URLs. `customHosts` still names the configured host so the telemetry handler treats it
 * as Graph.
 */
export function createGraphClient(settings: GraphSettings, options: GraphClientOptions = {}): GraphClient {
  const root = new URL(settings.baseUrl);
  const segments = root.pathname.split('/').filter(Boolean);
  const version = segments.pop() ?? 'v1.0';
  const host = [root.origin, ...segments].join('/');
  const baseUrl = `${host}/${version}`;
  const tokens =
    options.tokenProvider ??
    new AppTokenProvider(
      {
        authorityHost: settings.authorityHost,
        tenantId: settings.tenantId,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
      },
      { scope: graphScope(settings.baseUrl) },
    );
  const retry = new RetryHandlerOptions(options.retryDelaySeconds ?? 3, options.maxRetries ?? 3);
  const sdk = Client.initWithMiddleware({
    baseUrl: `${host}/`,
    defaultVersion: version,
    customHosts: new Set([root.hostname]),
    middleware: [
      new GraphTokenHandler(tokens, root.origin),
      new RetryHandler(retry),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
      new HTTPMessageHandler(),
    ],
  });
  return {
    baseUrl,
    sdk,
    api(pathOrUrl: string): GraphRequest {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(pathOrUrl)) return sdk.api(pathOrUrl);
      if (!pathOrUrl.startsWith(`${baseUrl}/`)) throw new Error(`Refusing to call ${pathOrUrl}: it is not under ${baseUrl}`);
      return sdk.api(pathOrUrl.slice(baseUrl.length));
    },
  };
}
