import type { Booking, Resource } from '../services/agenda/agenda-types.js';
import type { AvailabilityAnswer, Blocker, SlotOption } from '../services/agenda/availability.js';
import { bookingNotesMaxLength } from '../services/agenda/booking-body.js';
import type { ServiceRequest } from '../services/requests/request-types.js';
import { t, type Locale } from './messages.js';
import { plainFacts, tPlain } from './plain-text.js';
import { dayKeyOf, formatCivilDate, formatRange, formatTimeRange, renderTemplate, type AdaptiveCard } from './render-card.js';
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
  /**
   * The request's own live booking when it is the very slot asked (see `AgendaService.bookingAsked`):
   * the card then says it is booked, with the booking's facts, and offers no button for that slot.
   */
  booked?: Booking | null | undefined;
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
      const { event, start, end } = blocker.by;
      const holder = blocker.by.label ?? (blocker.by.source === 'graph' ? t(locale, 'block.source.graph') : undefined);
      if (holder && event && (event.start.getTime() !== start.getTime() || event.end.getTime() !== end.getTime())) {
        const held = dayKeyOf(start, timeZone) === dayKeyOf(end, timeZone) ? formatTimeRange(start, end, locale, timeZone) : formatRange(start, end, locale, timeZone);
        return tPlain(locale, 'block.busyBuffered', { resource: blocker.resourceName, holder, when: formatRange(event.start, event.end, locale, timeZone), held });
      }
      const when = formatRange(start, end, locale, timeZone);
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
 * The availability verdict for a request's slot: free, not possible, or already booked for this
 * request (`view.booked`: its facts, and no button to book that slot again); the interval the
 * resources are held (with set-up and tear-down), each blocker in words, and the booking buttons —
 * the asked slot when free and not booked (with the free staff to choose, input `staffId`) and one
 * per alternative; every `book` carries its option (ISO instants) besides `requestId` and
 * `version`; input `notes`, bounded as the agenda bounds it.
 */
export function renderAvailabilityCard(view: AvailabilityCardView): AdaptiveCard {
  const { request, locale, timeZone, answer } = view;
  const names = resourceNamer(view.resources);
  const base = { requestId: request.id, version: request.version };
  const booked = view.booked ?? null;
  const asked = answer.free && !booked ? answer.option : null;
  const list = (ids: readonly string[]) => ids.map(names.name).join(', ');
  const facts = plainFacts([
    [t(locale, 'label.event'), booked ? booked.title : eventText(view)],
    ...(booked
      ? ([
          [t(locale, 'label.when'), formatRange(booked.start, booked.end, locale, timeZone)],
          [t(locale, 'label.room'), booked.roomId ? names.name(booked.roomId) : ''],
          [t(locale, 'label.equipment'), list(booked.equipmentIds)],
          [t(locale, 'label.staff'), list(booked.staffIds)],
        ] as const)
      : asked
        ? ([
            [t(locale, 'label.room'), asked.roomId ? names.name(asked.roomId) : ''],
            [t(locale, 'label.equipment'), list(asked.equipmentIds)],
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
    verdict: t(locale, booked ? 'availability.booked' : answer.free ? 'availability.free' : 'availability.notPossible'),
    verdictColor: booked || answer.free ? 'good' : 'attention',
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
    limits: { notes: bookingNotesMaxLength },
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
