import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { extractText, getDocumentProxy } from 'unpdf';
import { fieldCatalogue } from '../../../services/forms/field-catalogue.js';
import { fieldLabel } from '../../../services/forms/form-labels.js';
import { createLogger } from '../../../services/logging/logger.js';
import { DocumentDesk } from '../../../services/records/document-desk.js';
import { pdfText } from '../../../services/records/record-pdf.js';
import { recordWords } from '../../../services/records/record-texts.js';
import { recordTime } from '../../../services/records/record-view.js';
import type { ServiceRequest } from '../../../services/requests/request-types.js';
import { completeVideoconferenceFormAsking, datePlus, futureDateOn, seedCatalogue, slot } from '../../support/agenda-fixture.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../../support/service-desk-fixture.js';

const ZONE = 'America/Mexico_City';

/** The text of every page of a PDF, pages joined by a line break. */
async function pdfTextOf(pdf: Buffer): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text;
}

/** Spaces collapsed, so text a PDF wraps over lines compares with text as written. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

describe("a request's record (expediente)", () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  let documents: DocumentDesk;
  let request: ServiceRequest;

  beforeAll(async () => {
    const config = testConfig({ PUBLIC_BASE_URL: 'https://desk.example.edu' });
    fixture = await openServiceDesk(import.meta.url, { config });
    expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
    const { desk, actor } = fixture;
    documents = await DocumentDesk.create({
      db: fixture.database.connection.db!,
      config,
      requests: desk.requests,
      roles: desk.roles,
      calendar: desk.calendar,
      agenda: desk.agenda,
      logger: createLogger('silent'),
    });
    const registered = await desk.requests.register(
      registration({ description: 'Examen de grado <script>alert("x")</script> & defensa\nsegunda línea', dependencia: { name: 'Facultad de Ingeniería & Ciencias', siglas: 'FI' } }),
      actor(people.hd),
      commandId('register'),
    );
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const id = registered.request.id;
    const run = async (command: Parameters<typeof desk.requests.execute>[1], by = people.asv) => {
      const result = await desk.requests.execute(id, command, actor(by), commandId(command.type));
      if (result.outcome !== 'applied') throw new Error(`${command.type}: ${result.outcome}`);
    };
    await run({ type: 'take' });
    await run({ type: 'request-info', message: 'Falta la dirección de marcación de la sede remota.' });
    await desk.dispatcher.idle();
    await run({ type: 'reply', text: 'Es sip:sala3@vc.udg.mx <b>gracias</b>' }, people.requester);
    const date = datePlus(futureDateOn(3), 7);
    const asked = slot(date, '10:00', '12:00', { equipmentIds: ['mcu-1'] });
    const saved = await desk.requests.saveForm(id, 'VC', completeVideoconferenceFormAsking(asked, 'Defensa de tesis «Redes»'), actor(people.asv), commandId('form'), { locale: 'es' });
    if (saved.outcome !== 'applied') throw new Error(`form: ${saved.outcome}`);
    const booked = await desk.agenda.book(id, asked, actor(people.asv), commandId('book'));
    if (!booked.ok) throw new Error(`book: ${JSON.stringify(booked.failure)}`);
    await run({ type: 'finish', note: 'Conexión probada con ambas sedes.' });
    await desk.dispatcher.idle();
    await desk.dispatcher.sweep(0);
    request = (await desk.requests.get(id))!;
  }, 60_000);

  afterAll(async () => {
    await fixture?.close();
  });

  it('prints the service form in the order of its FOR 7.5 form, with its labels', async () => {
    const page = (await documents.records.html(request.id, 'es'))!.body;
    expect(page).toContain('Formulario del servicio: Videoconferencia (FOR 7.5 DRT 09)');
    const labels = fieldCatalogue('VC').map((field) => fieldLabel('VC', field.path, 'es'));
    const positions = labels.map((label) => page.indexOf(`<td class="label">${label.replace(/&/g, '&#38;')}</td>`) >= 0 ? page.indexOf(label) : page.indexOf(`>${label}<`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(page).toContain('Sitio remoto 1');
    expect(page).toContain('Sitio remoto 2');
    expect(page).toContain('Sala de Videoconferencia 1 (sala-vc-1)');
    expect(page).toContain('Multipunto');
  });

  it('prints the whole history (who, role, when, from → to, note), every notice with its channel and result, the booking and the replies', async () => {
    const view = (await documents.records.view(request.id, 'es'))!;
    expect(view.history.rows).toHaveLength(request.history.length);
    const words = recordWords.es;
    request.history.forEach((entry, index) => {
      const row = view.history.rows[index]!;
      expect(row[0]).toBe(String(entry.seq));
      expect(row[1]).toBe(recordTime(entry.at, ZONE));
      expect(row[2]).toBe(entry.actor.name);
      expect(row[3]).toBe(words.roles[entry.actor.role]);
      expect(row[5]).toBe(words.kinds[entry.kind]);
    });
    expect(view.history.rows.map((row) => row[4])).toEqual([
      '— → Registro',
      'Registro → En Proceso',
      'En Proceso → Pendiente por el usuario',
      'Pendiente por el usuario → En Proceso',
      'En Proceso',
      'En Proceso',
      'En Proceso → Terminada',
    ]);
    expect(view.history.rows.at(-1)![6]).toBe('Conexión probada con ambas sedes.');
    const notices = view.notices.rows.map((row) => `${row[2]} | ${row[3]} | ${row[4]} | ${row[5]}`);
    expect(notices).toEqual(
      expect.arrayContaining([
        'Nueva solicitud asignada | ASV asignado | Correo electrónico | Entregado',
        'Petición de información | Solicitante | Correo electrónico | Entregado',
        'Petición de información | Solicitante | Teams | No enviado: Teams no está configurado',
        'Solicitud terminada (datos de la reservación) | Solicitante | Correo electrónico | Entregado',
        "Tarjeta de la solicitud en el canal ASV | Canal ASV | Teams (canal) | No enviado: Teams no está configurado",
      ]),
    );
    expect(view.notices.rows.every((row) => /^\d+$/.test(row[1]!))).toBe(true);
    expect(view.bookings).toHaveLength(1);
    expect(view.bookings[0]![0]).toEqual(['Evento', 'FI – Defensa de tesis «Redes»']);
    expect(view.bookings[0]![3]).toEqual(['Estado de la reservación', 'Confirmada']);
    expect(view.replies.rows).toEqual([[expect.any(String), 'Rosa Quintero (Solicitante)', 'Teams', 'Respondió la petición de información', 'Es sip:sala3@vc.udg.mx <b>gracias</b>']]);
  });

  it("escapes people's text in the HTML page, keeps its line breaks, and loads nothing from outside", async () => {
    const page = (await documents.records.html(request.id, 'es'))!.body;
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>gracias');
    expect(page).toContain('Examen de grado &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; defensa\nsegunda línea');
    expect(page).toContain('Facultad de Ingeniería &#38; Ciencias');
    expect(page).not.toMatch(/<(script|img|link|iframe)\b/i);
    expect(page).not.toMatch(/\bsrc=|\bhref=/i);
    expect(page).toContain('@media print');
  });

  it('gives the same HTML and the same PDF, byte for byte, for the same history — and another after one more change', async () => {
    const firstHtml = (await documents.records.html(request.id, 'es'))!.body;
    const firstPdf = (await documents.records.pdf(request.id, 'es'))!.body;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await documents.records.html(request.id, 'es'))!.body).toBe(firstHtml);
    expect((await documents.records.pdf(request.id, 'es'))!.body.equals(firstPdf)).toBe(true);
    expect(firstPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const other = await fixture.desk.requests.register(registration({ description: 'Otra' }), fixture.actor(people.hd), commandId('other'));
    if (other.outcome !== 'applied') throw new Error(other.outcome);
    const before = (await documents.records.pdf(other.request.id, 'es'))!.body;
    await fixture.desk.requests.execute(other.request.id, { type: 'take' }, fixture.actor(people.asv), commandId('take-other'));
    await fixture.desk.dispatcher.idle();
    expect((await documents.records.pdf(other.request.id, 'es'))!.body.equals(before)).toBe(false);
  });

  it("has the PDF say what the history says: each change's place, time, person, role, action and note, in order", async () => {
    const text = flat(await pdfTextOf((await documents.records.pdf(request.id, 'es'))!.body));
    const words = recordWords.es;
    let from = 0;
    for (const entry of [...request.history].sort((a, b) => a.seq - b.seq)) {
      for (const expected of [recordTime(entry.at, ZONE), entry.actor.name, words.roles[entry.actor.role], words.kinds[entry.kind]]) {
        const at = text.indexOf(flat(pdfText(expected)), from);
        expect({ entry: entry.seq, expected, found: at >= 0 }).toEqual({ entry: entry.seq, expected, found: true });
      }
      from = text.indexOf(recordTime(entry.at, ZONE), from);
    }
    expect(text).toContain('Conexión probada con ambas sedes.');
    expect(text).toContain('Falta la dirección de marcación de la sede remota.');
    expect(text).toContain(flat(pdfText('Examen de grado <script>alert("x")</script> & defensa segunda línea')));
    expect(text).toContain('Registro -> En Proceso');
    expect(text).toContain('Videoconferencia (FOR 7.5 DRT 09)');
    expect(text).toContain(`${request.folio}: historial completo hasta el cambio n.º ${request.history.length}`);
  });

  it('is printed in English for an English reader, with the procedure names of the statuses', async () => {
    const view = (await documents.records.view(request.id, 'en'))!;
    expect(view.title).toBe(`Record of request ${request.folio}`);
    expect(view.form.title).toBe('Service form: Videoconference (FOR 7.5 DRT 09)');
    expect(view.history.rows[1]![4]).toBe('Registro → En Proceso');
    expect(view.history.rows[1]![5]).toBe('Took the request');
    expect(flat(await pdfTextOf((await documents.records.pdf(request.id, 'en'))!.body))).toContain('Notices sent');
  });

  it('prints characters the PDF fonts lack as their nearest letter, and the HTML as written', () => {
    expect(pdfText('Łukasz Żółć → Nguyễn — «ok» €5 😀')).toBe('Lukasz Zólc -> Nguyen — «ok» €5 ?');
  });
});
