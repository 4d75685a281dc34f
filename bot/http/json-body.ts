import type { IncomingMessage } from 'node:http';

/** A request body read as JSON: the parsed value, or the status that refuses the body. */
export type JsonBody = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415 };

/** Whether a Content-Type header names JSON (`application/json`, with or without parameters). */
export function isJsonContentType(header: string | undefined): boolean {
  return header !== undefined && /^application\/json[ \t]*(;|$)/i.test(header.trim());
}

/**
 * Reads a JSON request body of at most `limitBytes`, in memory, without writing anything anywhere:
 * 415 unless it is declared `application/json` without a content encoding; 413 when it is declared
 * or turns out larger than the limit (reading stops there); 400 when it is not JSON. A refused body
 * is not read further; answer with `Connection: close` so it is not waited for.
 */
export function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<JsonBody> {
  const encoding = request.headers['content-encoding'];
  if (!isJsonContentType(request.headers['content-type']) || (encoding !== undefined && encoding.toLowerCase() !== 'identity')) {
    return Promise.resolve({ ok: false, status: 415 });
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limitBytes) return Promise.resolve({ ok: false, status: 413 });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: JsonBody) => {
      request.off('data', onData).off('end', onEnd).off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        request.pause();
        finish({ ok: false, status: 413 });
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => {
      try {
        finish({ ok: true, value: JSON.parse(Buffer.concat(chunks, size).toString('utf8')) });
      } catch {
        finish({ ok: false, status: 400 });
      }
    };
    const onError = () => finish({ ok: false, status: 400 });
    request.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
