import type { GraphClient } from './graph-client.js';

/** One page of a Graph collection. */
interface CollectionPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/** Safety stop: a collection that keeps linking past this many pages is an error, not data. */
const MAX_PAGES = 1000;

/** Every item of the collection at `path`, following `@odata.nextLink` page after page (each asked with `headers`). */
export async function allPages<T>(graph: GraphClient, path: string, headers: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = path;
  for (let page = 0; next; page += 1) {
    if (page === MAX_PAGES) throw new Error(`${path}: more than ${MAX_PAGES} pages`);
    let call = graph.api(next);
    for (const [name, value] of Object.entries(headers)) call = call.header(name, value);
    const body = (await call.get()) as CollectionPage<T>;
    items.push(...(body.value ?? []));
    next = body['@odata.nextLink'];
  }
  return items;
}
