import { createHook, type AsyncHook } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';

const thisFile = fileURLToPath(import.meta.url);

/**
 * Records where timers are created once enabled, so that a timer still keeping the process alive
 * at the end can be traced to the code that set it. Capturing a stack per timer costs a few
 * microseconds: enable it just before the code under suspicion. There is no disabling: the end of
 * a timer is only seen while the hook is enabled.
 */
export class TimerOrigins {
  readonly #timers = new Map<number, { timer: NodeJS.Timeout; origin: string }>();
  readonly #hook: AsyncHook = createHook({
    init: (asyncId, type, _triggerId, resource) => {
      if (type !== 'Timeout') return;
      this.#timers.set(asyncId, { timer: resource as NodeJS.Timeout, origin: originOf(new Error().stack ?? '') });
    },
    destroy: (asyncId) => {
      this.#timers.delete(asyncId);
    },
  });

  /** Starts recording timer creations. */
  enable(): this {
    this.#hook.enable();
    return this;
  }

  /** Timers recorded, still pending and holding the event loop (ref'd), counted by origin, most first. */
  lingering(): Array<[origin: string, count: number]> {
    const counts = new Map<string, number>();
    for (const { timer, origin } of this.#timers.values()) {
      if (timer.hasRef()) counts.set(origin, (counts.get(origin) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1]);
  }
}

/** The first three stack frames outside Node's internals and this file, as `file:line (function)`. */
function originOf(stack: string): string {
  return stack
    .split('\n')
    .slice(1)
    .map((line) => line.trim().replace(/^at /, ''))
    .filter((line) => !line.includes('node:') && !line.includes('<anonymous>') && !line.includes(thisFile))
    .slice(0, 3)
    .map(shortFrame)
    .join(' ← ');
}

/** `fn (file:///…/node_modules/pkg/x.js:5:38)` → `pkg/x.js:5 (fn)`; project files relative to the working directory. */
function shortFrame(frame: string): string {
  const match = /^(?:(.*?) \()?(?:file:\/\/)?(.*?):(\d+):\d+\)?$/.exec(frame);
  if (!match) return frame;
  const [, name, file = '', line] = match;
  const cwd = `${process.cwd()}/`;
  const short = file.includes('/node_modules/') ? file.slice(file.lastIndexOf('/node_modules/') + 14) : file.startsWith(cwd) ? file.slice(cwd.length) : file;
  return `${short}:${line}${name ? ` (${name})` : ''}`;
}
