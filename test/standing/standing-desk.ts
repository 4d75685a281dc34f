/**
 * What the standing tests share: the people, the product configuration (short waits, the fake
 * connector, the channels), registering over HTTP, the clicks a request's status calls for, and
 * one line of figures per suite.
 */
import type { Db } from 'mongodb';
import type { Person, RequestStatus } from '../../services/requests/request-types.js';
import { people } from '../support/service-desk-fixture.js';
import { ASV_CHANNEL, DAU_CHANNEL, cardClick, chatInstalled, chatMessage, registerSubmit, sendClick, sendRegistration } from '../support/teams-clicks.js';
import { until } from '../support/desk-audit.js';

export { people };

/** A wait of 0.002 business hours (7.2 s) on a calendar where every day is a working day; the reminder halfway. */
export const WAIT_SECONDS = 7.2;

/** The product configuration of the standing tests, over the tests' own (`testConfig`). */
export function standingConfig(connectorUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    BUSINESS_WORKING_DAYS: '1,2,3,4,5,6,7',
    BUSINESS_HOLIDAYS_COUNTRY: 'none',
    WAIT_BUSINESS_HOURS: String(WAIT_SECONDS / 3600),
    REMINDER_BUSINESS_HOURS: String(WAIT_SECONDS / 7200),
    TEAMS_ASV_CHANNEL_ID: ASV_CHANNEL,
    TEAMS_DAU_CHANNEL_ID: DAU_CHANNEL,
    TEAMS_SERVICE_URL: connectorUrl,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** The roster the fake connector answers with: Teams' member id → the member. */
export function rosterOf(list: readonly Person[]): Record<string, Record<string, string>> {
  return Object.fromEntries(list.map((person) => [`29:${person.id}`, { id: `29:${person.id}`, aadObjectId: person.id, name: person.name, email: person.email ?? '' }]));
}

/** The roster of the standing tests: everybody of the fixture. */
export const standingRoster = rosterOf(Object.values(people));

/**
 * Gives the bot the requester's 1:1 chat (install) and e-mail (a first message: the roster look-up
 * files the chat under their e-mail too), as a requester who has the app would have; waits until
 * both are stored.
 */
export async function requesterHasTheApp(baseUrl: string, connectorUrl: string, db: Db): Promise<void> {
  await sendClick(baseUrl, chatInstalled(people.requester, connectorUrl));
  await sendClick(baseUrl, chatMessage(people.requester, 'ayuda', connectorUrl));
  const stored = await until(async () => {
    const record = await db.collection<{ _id: string; email?: string; reference?: unknown }>('teams_references').findOne({ _id: `person:${people.requester.id}` });
    return Boolean(record?.email && record.reference);
  }, 10_000);
  if (!stored.met) throw new Error('the requester’s chat and e-mail were not stored');
}

let registrations = 0;

/** Help Desk's registration of a request for the fixture's requester, as the dialog submits it. */
export function registration(connectorUrl: string, label: string): Record<string, unknown> {
  registrations += 1;
  return registerSubmit(
    people.hd,
    {
      verb: 'register',
      requesterName: people.requester.name,
      requesterEmail: people.requester.email,
      dependenciaName: 'Facultad de Ingeniería',
      siglas: 'FI',
      service: 'VC',
      description: `Videoconferencia de prueba ${label} número ${registrations}`,
      assigneeId: people.asv.id,
    },
    connectorUrl,
  );
}

/** Registers `count` requests through `baseUrl`, all at once; their folios. */
export async function registerMany(baseUrl: string, connectorUrl: string, count: number, label: string): Promise<string[]> {
  const answers = await Promise.all(Array.from({ length: count }, () => sendRegistration(baseUrl, registration(connectorUrl, label))));
  const failed = answers.filter((answer) => !answer.folio);
  if (failed.length) throw new Error(`registration failed: ${failed.map((answer) => answer.text).join(' | ')}`);
  return answers.map((answer) => answer.folio!);
}

/** A request as the clicks are chosen from it. */
export interface RequestState {
  _id: string;
  folio: string;
  status: RequestStatus;
  version: number;
}

export async function requestStates(db: Db): Promise<RequestState[]> {
  return db
    .collection<RequestState>('requests')
    .find({}, { projection: { _id: 1, folio: 1, status: 1, version: 1 } })
    .sort({ folio: 1 })
    .toArray();
}

/**
 * The clicks a card in each status invites, as people would make them on the cards they see
 * (the stored version): on *Registro* both ASVs take it at once and the first clicks twice; *En
 * Proceso* is asked for information (even folios, which then time out) or put on hold; *Espera*
 * is resumed; *No Procede* is cancelled by the DAU; *Pendiente* is left to time out.
 */
export function clicksFor(states: readonly RequestState[], connectorUrl: string): Array<Record<string, unknown>> {
  const clicks: Array<Record<string, unknown>> = [];
  for (const state of states) {
    const data = { requestId: state._id, version: state.version };
    const number = Number(state.folio.slice(-4));
    switch (state.status) {
      case 'Registro':
        clicks.push(cardClick(people.asv, 'take', data, connectorUrl), cardClick(people.asv2, 'take', data, connectorUrl), cardClick(people.asv, 'take', data, connectorUrl));
        break;
      case 'En Proceso':
        clicks.push(
          number % 2 === 0
            ? cardClick(people.asv, 'request-info', { ...data, message: `Falta la dirección IP de la sala remota (${state.folio})` }, connectorUrl)
            : cardClick(people.asv2, 'hold', { ...data, reason: 'Sala ocupada' }, connectorUrl),
        );
        break;
      case 'Espera':
        clicks.push(cardClick(people.asv, 'resume', data, connectorUrl), cardClick(people.asv2, 'resume', data, connectorUrl));
        break;
      case 'No Procede':
        clicks.push(cardClick(people.dau, 'cancel', data, connectorUrl));
        break;
      default:
        break;
    }
  }
  return clicks;
}

/** Fisher–Yates with a fixed seed, so a burst's order is the same on every run. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Milliseconds as seconds with one decimal. */
export const seconds = (ms: number) => (ms / 1000).toFixed(1);
