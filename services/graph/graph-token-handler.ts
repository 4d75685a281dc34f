import type { AuthenticationProvider, Context, Middleware } from '@microsoft/microsoft-graph-client';

/**
 * Middleware that puts `Authorization: Bearer <token>` on requests to one origin (the configured
 * Graph service) and on nothing else.
 *
 * Used instead of graph-client's `AuthenticationHandler`, which attaches the token only to URLs
 * starting with `https://` whose host is a Graph host or in `customHosts`: it never
 * authenticates a plain-http fixture. Matching the exact origin (scheme, host and port) is also
 * stricter than its host-name match.
 */
export class GraphTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly tokens: AuthenticationProvider,
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.origin) {
      setHeader(context, 'Authorization', `Bearer ${await this.tokens.getAccessToken()}`);
    } else {
      setHeader(context, 'Authorization', undefined);
    }
    if (!this.next) throw new Error('GraphTokenHandler must be followed by another middleware');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function setHeader(context: Context, name: string, value: string | undefined): void {
  if (typeof context.request !== 'string') {
    if (value === undefined) context.request.headers.delete(name);
    else context.request.headers.set(name, value);
    return;
  }
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers instanceof Headers) {
    if (value === undefined) headers.delete(name);
    else headers.set(name, value);
  } else if (Array.isArray(headers)) {
    const kept = headers.filter(([key]) => key.toLowerCase() !== name.toLowerCase());
    options.headers = value === undefined ? kept : [...kept, [name, value]];
  } else {
    const kept = Object.fromEntries(Object.entries(headers ?? {}).filter(([key]) => key.toLowerCase() !== name.toLowerCase()));
    options.headers = value === undefined ? kept : { ...kept, [name]: value };
  }
}
