/**
 * The product as the fuzz suite runs it: a child process (so that a crash, an exit or an unhandled
 * rejection shows as the process ending, attributable to the payload in flight) that composes the
 * real bot on the test database exactly as `bot/main.ts` does — composeBot, the seed catalogue,
 * `desk.start()` (jobs and the effects sweep), the restify server on loopback — and nothing else.
 *
 * Started by {@link ./product-handle.ts} with `FUZZ_PRODUCT` (JSON: database URI and name, the
 * configuration overrides, the catalogue file). Over the IPC channel it reports `ready` (the port),
 * every log line (so a line is ordered with the replies), and answers `idle` (waits for the effects
 * dispatched in process), `seed` (registers requests in various statuses through the service API)
 * and `stop`. Its own code is test code; it installs no handler for uncaught errors, as main.ts does not.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { composeBot } from '../../../bot/compose-bot.js';
import { createLogger } from '../../../services/logging/logger.js';
import { openDatabase } from '../../../services/store/database.js';
import type { Actor, RequestStatus, ServiceRequest } from '../../../services/requests/request-types.js';
import { testConfig } from '../service-desk-fixture.js';
import { fuzzPeople, type FuzzPerson } from './fuzz-people.js';
import type { SeedKind } from './seed-kinds.js';

interface ProductSettings {
  uri: string;
  database: string;
  environment: Record<string, string>;
  catalogueFile: string;
}

const settings = JSON.parse(process.env.FUZZ_PRODUCT ?? 'null') as ProductSettings | null;
if (!settings || !process.send) throw new Error('product-process: start it through product-handle (FUZZ_PRODUCT and an IPC channel)');
const tell = (message: unknown) => process.send?.(message);

const config = testConfig(settings.environment);
const logger = createLogger(config.logLevel, (line) => tell({ type: 'log', line }));
const connection = await openDatabase(settings.uri, settings.database);
const composed = await composeBot({ config, connection, logger });
const loaded = await composed.desk.agenda.loadCatalogue(JSON.parse(readFileSync(settings.catalogueFile, 'utf8')));
if (!loaded.ok) throw new Error(`product-process: the catalogue did not load: ${JSON.stringify(loaded)}`);
await composed.desk.start();
await new Promise<void>((resolve) => composed.server.listen(0, '127.0.0.1', () => resolve()));
const { desk } = composed;

const actorOf = (person: FuzzPerson): Actor => desk.roles.actorFor({ id: person.objectId, name: person.name, email: person.email });
let seeded = 0;
const commandId = (label: string) => `fuzz-seed:${label}:${process.pid}:${++seeded}`;

/** The business day (the Tuesday of week `index` from June 2027, the Wednesday when that is a fixed rest day) and hour a seeded request asks for: no two overlap. */
function askedSlot(index: number): { date: string; start: string; end: string } {
  const restDays = ['01-01', '05-01', '09-16', '11-02', '12-25', '12-12'];
  let day = new Date(Date.UTC(2027, 5, 1) + index * 7 * 86_400_000).toISOString().slice(0, 10);
  if (restDays.includes(day.slice(5))) day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const hour = 9 + (index % 5);
  const pad = (value: number) => String(value).padStart(2, '0');
  return { date: day, start: `${pad(hour)}:00`, end: `${pad(hour + 1)}:00` };
}

/** A complete videoconference form asking for the slot: sala-vc-1, the MCU (multipoint), one camera. */
function completeForm(slot: { date: string; start: string; end: string }, programName: string): Record<string, unknown> {
  return {
    dependenciaName: 'Facultad de Ingeniería',
    siglas: 'FI',
    requesterName: 'Rosa Quintero',
    requesterEmail: 'rosa@uni.example',
    requesterPhone: '55 5622 3333',
    programName,
    date: slot.date,
    startTime: slot.start,
    endTime: slot.end,
    purpose: 'Sesión del seminario con sedes foráneas.',
    expectedParticipants: 10,
    localRoom: 'sala-vc-1',
    mode: 'multipoint',
    needsBridge: true,
    remoteSites: [
      { institution: 'Universidad de Guadalajara', contactName: 'Luis Pérez', contactEmail: 'luis.perez@udg.mx', dialAddress: 'sip:sala3@vc.udg.mx', protocol: 'SIP' },
      { institution: 'UNAM Campus Morelia', contactName: 'Rosa Díaz', contactPhone: '+52 443 322 3800', dialAddress: '132.248.10.5', protocol: 'H.323' },
    ],
    bandwidthKbps: 2048,
    connectionTestDate: slot.date,
    connectionTestTime: '08:30',
    recording: false,
    streaming: false,
    extraEquipment: ['camara-ptz-1'],
  };
}

/** The booking option the form of {@link completeForm} asks for (what availability offers when it is free). */
function optionOf(slot: { date: string; start: string; end: string }) {
  return {
    start: new Date(`${slot.date}T${slot.start}:00-06:00`),
    end: new Date(`${slot.date}T${slot.end}:00-06:00`),
    roomId: 'sala-vc-1',
    equipmentIds: ['mcu-1', 'camara-ptz-1'],
    staffIds: ['tec-ana'],
  };
}

/** Registers one request and takes it to the status `kind` names, through the service API, as the people of the desk. */
async function seedOne(kind: SeedKind, index: number): Promise<{ id: string; status: RequestStatus; problems: string[] }> {
  const problems: string[] = [];
  const byMail = index % 2 === 1;
  const owner = byMail ? fuzzPeople.requesterByMail : fuzzPeople.requester;
  const asv = actorOf(fuzzPeople.asv);
  const registered = await desk.requests.register(
    {
      requester: byMail ? { id: '', name: owner.name, email: owner.email } : { id: owner.objectId, name: owner.name, email: owner.email },
      dependencia: { name: 'Facultad de Ingeniería', siglas: index % 3 === 0 ? 'fi' : 'FQ' },
      description: `Solicitud sembrada ${index} (${kind}): videoconferencia con la Universidad de Salamanca`,
      service: kind.endsWith('no-service') ? null : 'VC',
      assignee: { id: fuzzPeople.asv.objectId, name: fuzzPeople.asv.name, email: fuzzPeople.asv.email },
    },
    actorOf(fuzzPeople.hd),
    commandId('register'),
  );
  if (registered.outcome !== 'applied') return { id: '', status: 'Registro', problems: [`register: ${registered.outcome}`] };
  const id = registered.request.id;
  const step = async (label: string, run: () => Promise<{ outcome: string }>) => {
    const result = await run();
    if (result.outcome !== 'applied') problems.push(`${label}: ${result.outcome} ${JSON.stringify((result as { rejection?: unknown }).rejection ?? (result as { errors?: unknown }).errors ?? '')}`);
  };
  const slot = askedSlot(index);
  if (kind !== 'registro' && kind !== 'registro-no-service') await step('take', () => desk.requests.execute(id, { type: 'take' }, asv, commandId('take')));
  if (kind === 'pendiente') await step('request-info', () => desk.requests.execute(id, { type: 'request-info', message: '¿Cuál es la IP de la sala remota?' }, asv, commandId('info')));
  if (kind === 'espera') await step('hold', () => desk.requests.execute(id, { type: 'hold', reason: 'Esperando confirmación de la sede' }, asv, commandId('hold')));
  if (kind === 'no-procede') await step('reject', () => desk.requests.execute(id, { type: 'reject', reasons: 'La sede remota no tiene equipo compatible' }, asv, commandId('reject')));
  if (kind === 'ready-to-book' || kind === 'booked' || kind === 'terminada') {
    await step('save-form', () => desk.requests.saveForm(id, 'VC', completeForm(slot, `Seminario sembrado ${index}`), asv, commandId('form'), { locale: 'es' }));
  }
  if (kind === 'booked' || kind === 'terminada') {
    const booked = await desk.agenda.book(id, optionOf(slot), asv, commandId('book'));
    if (!booked.ok) problems.push(`book: ${JSON.stringify(booked.failure).slice(0, 300)}`);
  }
  if (kind === 'terminada') await step('finish', () => desk.requests.execute(id, { type: 'finish', note: 'Listo' }, asv, commandId('finish')));
  const now = (await desk.requests.get(id)) as ServiceRequest;
  return { id, status: now.status, problems };
}

process.on('message', (message: { type: 'call'; id: number; op: string; args?: unknown }) => {
  if (message?.type !== 'call') return;
  const run = async (): Promise<unknown> => {
    switch (message.op) {
      case 'idle':
        await desk.dispatcher.idle();
        return null;
      case 'seed': {
        const { kinds, firstIndex } = message.args as { kinds: SeedKind[]; firstIndex: number };
        const results = [];
        for (const [offset, kind] of kinds.entries()) results.push(await seedOne(kind, firstIndex + offset));
        await desk.dispatcher.idle();
        return results;
      }
      case 'stop':
        await new Promise<void>((resolve) => composed.server.close(() => resolve()));
        composed.server.server.closeAllConnections();
        await desk.stop();
        await connection.close();
        return null;
      default:
        throw new Error(`unknown op ${message.op}`);
    }
  };
  run().then(
    (result) => tell({ type: 'reply', id: message.id, ok: true, result }),
    (error: unknown) => tell({ type: 'reply', id: message.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
});

tell({ type: 'ready', port: (composed.server.server.address() as AddressInfo).port });
