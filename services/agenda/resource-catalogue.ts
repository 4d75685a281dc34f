import { z } from 'zod';
import { serviceTypes } from '../requests/request-types.js';
import { resourceKinds, type Resource } from './agenda-types.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:mm');
const weeklyHours = z
  .object({
    days: z.array(z.number().int().min(1).max(7)).min(1),
    start: clock,
    end: clock,
  })
  .refine((hours) => hours.end > hours.start, { message: 'end must be after start', path: ['end'] });

/** One resource as written in the catalogue file or sent to the service API. */
export const resourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2-63 lower-case letters, digits or dashes'),
    kind: z.enum(resourceKinds),
    name: z.string().trim().min(1, 'is required'),
    capacity: z.number().int().min(1).optional(),
    services: z.array(z.enum(serviceTypes)).min(1, 'must list at least one service (VC, TC, NC)'),
    mailbox: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be an e-mail address').optional(),
    workingHours: z.array(weeklyHours).optional(),
    bridge: z.boolean().optional(),
    active: z.boolean().default(true),
  })
  .superRefine((resource, context) => {
    if (resource.kind === 'room' && resource.capacity === undefined) {
      context.addIssue({ code: 'custom', path: ['capacity'], message: 'is required for a room' });
    }
    if (resource.kind !== 'room' && resource.capacity !== undefined) {
      context.addIssue({ code: 'custom', path: ['capacity'], message: 'applies to rooms only' });
    }
    if (resource.kind !== 'equipment' && resource.bridge !== undefined) {
      context.addIssue({ code: 'custom', path: ['bridge'], message: 'applies to equipment only' });
    }
    if (resource.kind !== 'staff' && resource.workingHours !== undefined) {
      context.addIssue({ code: 'custom', path: ['workingHours'], message: 'applies to staff only' });
    }
  })
  .transform((resource) =>
    resource.kind === 'staff' && !resource.workingHours
      ? { ...resource, workingHours: [{ days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' }] }
      : resource,
  );

/** The catalogue file: `{ "resources": [ … ] }`. */
export const catalogueSchema = z.object({ resources: z.array(z.unknown()) });

/** The outcome of reading a catalogue: every resource, or one message per bad entry. */
export type CatalogueParse = { ok: true; resources: Resource[] } | { ok: false; errors: string[] };

/**
 * Validates a whole catalogue before anything is stored: one clear message per bad entry
 * (`resources[3] "sala-2": capacity: is required for a room`), duplicate ids included.
 */
export function parseCatalogue(data: unknown): CatalogueParse {
  const file = catalogueSchema.safeParse(data);
  if (!file.success) return { ok: false, errors: ['the catalogue must be an object with a "resources" list'] };
  const errors: string[] = [];
  const resources: Resource[] = [];
  const seen = new Set<string>();
  file.data.resources.forEach((entry, position) => {
    const id = typeof (entry as { id?: unknown })?.id === 'string' ? ` "${(entry as { id: string }).id}"` : '';
    const parsed = resourceSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(`resources[${position}]${id}: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
      return;
    }
    if (seen.has(parsed.data.id)) errors.push(`resources[${position}]${id}: id: is used twice`);
    seen.add(parsed.data.id);
    resources.push(parsed.data as Resource);
  });
  return errors.length ? { ok: false, errors } : { ok: true, resources };
}
