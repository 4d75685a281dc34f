import type { IncomingMessage } from 'node:http';
import { z } from 'zod';

/**
 * A request's query parameters, each name with every value given, read with URLSearchParams
 * (`token[$ne]=a` is a parameter named `token[$ne]`, never an object).
 */
export function queryParameters(request: IncomingMessage): Record<string, string[]> {
  const parameters: Record<string, string[]> = Object.create(null);
  for (const [name, value] of new URL(request.url ?? '/', 'http://localhost').searchParams) {
    (parameters[name] ??= []).push(value);
  }
  return parameters;
}

/** A query parameter given once, as a string of at most `maxLength` characters. */
export function singleValue(maxLength: number) {
  return z
    .array(z.string().max(maxLength))
    .length(1)
    .transform(([value]) => value!);
}
