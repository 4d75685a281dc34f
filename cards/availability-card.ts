import type { Resource } from '../services/agenda/agenda-types.js';
import type { AvailabilityAnswer, Blocker, SlotOption } from '../services/agenda/availability.js';
import type { ServiceRequest } from '../services/requests/request-types.js';
import { t, type Locale } from './messages.js';
import { plainFacts, tPlain } from './plain-text.js';
import { formatCivilDate, formatRange, renderTemplate, type AdaptiveCard } from './render-card.js';
import { resourceNamer } from './request-card.js';
import template from './availability-card.json' with { type: 'json' };

/** The answer to "is the requested slot free?" for a request. */
export interface AvailabilityCardView {
  request: ServiceRequest;
  locale: Locale;
  /** The business time zone instants are shown in. */
  timeZone: string;
  answer: AvailabilityAnswer;
  /** The catalogue, to name rooms, equipment and staff. */
  resources: Resource[];
}

/** A slot as the `book` action carries it: instants as ISO strings. */
export interface BookOptionData {
  start: string;
  end: string;
  roomId: string | null;
  equipmentIds: string[];
  staffIds: string[];
}

/** The slot option as the `book` action's `data.option`. */
export function bookOptionData(option: SlotOption): BookOptionData {
  return {
    start: option.start.toISOString(),
    end: option.end.toISOString(),
    roomId: option.roomId,
    equipmentIds: [...option.equipmentIds],
    staffIds: [...option.staffIds],
  };
}

/**
 * Why a resource blocks the slot, in words for a card: the resource, the reason, and what holds
 * it and when — the names (the catalogue's, an event's title) shown as written ({@link tPlain}).
 */
export function blockerText(locale: Locale, timeZone: string, blocker: Blocker): string {
  switch (blocker.reason) {
    case 'no-room-fits':
    case 'no-bridge-free':
    case 'not-enough-staff':
      return t(locale, `block.${blocker.reason}`);
    case 'busy': {
      if (!blocker.by) return tPlain(locale, 'block.busyUnknown', { resource: blocker.resourceName, when: '—' });
      const when = formatRange(blocker.by.start, blocker.by.end, locale, timeZone);
      const holder = blocker.by.label ?? (blocker.by.source === 'graph' ? t(locale, 'block.source.graph') : undefined);
      return holder
        ? tPlain(locale, 'block.busy', { resource: blocker.resourceName, holder, when })
        : tPlain(locale, 'block.busyUnknown', { resource: blocker.resourceName, when });
    }
    default:
      return tPlain(locale, `block.${blocker.reason}`, { resource: blocker.resourceName });
  }
}

function eventText(view: AvailabilityCardView): string {
  const { answer, locale, timeZone, request } = view;
  if (answer.option) return formatRange(answer.option.start, answer.option.end, locale, timeZone);
  const data = request.form?.data ?? {};
  const date = typeof data.date === 'string' ? formatCivilDate(data.date, locale) : '';
  const times = typeof data.startTime === 'string' && typeof data.endTime === 'string' ? `${data.startTime}–${data.endTime}` : '';
  return [date, times].filter(Boolean).join(', ');
}

/**
 * The availability verdict for a request's slot: free or not possible, the interval the resources
 * are held (with set-up and tear-down), each blocker in words, and the booking buttons — the asked
 * slot when free (with the free staff to choose, input `staffId`) and one per alternative; every
 * `book` carries its option (ISO instants) besides `requestId` and `version`; input `notes`.
 */
export function renderAvailabilityCard(view: AvailabilityCardView): AdaptiveCard {
  const { request, locale, timeZone, answer } = view;
  const names = resourceNamer(view.resources);
  const base = { requestId: request.id, version: request.version };
  const asked = answer.free ? answer.option : null;
  const facts = plainFacts([
    [t(locale, 'label.event'), eventText(view)],
    ...(asked
      ? ([
          [t(locale, 'label.room'), asked.roomId ? names.name(asked.roomId) : ''],
          [t(locale, 'label.equipment'), asked.equipmentIds.map(names.name).join(', ')],
        ] as const)
      : []),
  ]);
  const staffChoices = asked ? answer.freeStaff.map((person) => ({ title: person.name, value: person.id })) : [];
  const alternatives = answer.free
    ? []
    : answer.alternatives.map((option) => ({
        text: option.roomId
          ? tPlain(locale, 'availability.option', { when: formatRange(option.start, option.end, locale, timeZone), room: names.name(option.roomId) })
          : formatRange(option.start, option.end, locale, timeZone),
        data: { ...base, option: bookOptionData(option) },
      }));
  return renderTemplate(template, {
    lang: locale,
    title: t(locale, 'availability.title', { folio: request.folio }),
    verdict: t(locale, answer.free ? 'availability.free' : 'availability.notPossible'),
    verdictColor: answer.free ? 'good' : 'attention',
    free: answer.free,
    facts,
    held: t(locale, 'availability.held', { when: formatRange(answer.heldStart, answer.heldEnd, locale, timeZone) }),
    blockers: answer.blockers.map((blocker) => blockerText(locale, timeZone, blocker)),
    noStaff: asked !== null && staffChoices.length === 0,
    staffChoices,
    staffValue: asked?.staffIds[0] ?? '',
    canBook: asked !== null || alternatives.length > 0,
    hasAsked: asked !== null,
    askedData: asked ? { ...base, option: bookOptionData(asked) } : {},
    alternatives,
    labels: {
      blockers: t(locale, 'availability.blockers'),
      noStaff: t(locale, 'availability.noStaff'),
      staff: t(locale, 'input.staff'),
      notes: t(locale, 'input.notes'),
      bookAsked: t(locale, 'availability.bookAsked'),
      book: t(locale, 'action.book'),
      alternatives: t(locale, 'availability.alternatives'),
      noAlternatives: t(locale, 'availability.noAlternatives'),
    },
  });
}
