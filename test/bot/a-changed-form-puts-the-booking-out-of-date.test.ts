import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { visibleText } from '../cards/card-assertions.js';
import { noticeText } from '../../services/notifications/notice-texts.js';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import { completeVideoconferenceFormAsking, datePlus, futureDateOn, seedCatalogue, slot } from '../support/agenda-fixture.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

const OUT_OF_DATE = 'La reserva ya no coincide con el formulario';

/**
 * Bug: a request finished with a booking that no longer matched its form — booked Wednesday
 * 10:00–12:00, the form's date changed to Thursday and saved, finished: Terminada with
 * Wednesday's booking, and the requester was told Wednesday. Changing the service after booking
 * kept the old booking as good, too.
 */
describe('a booking the form no longer asks for', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  });
  afterAll(async () => fixture.close());

  const asv = () => fixture.actor(people.asv);

  /** A request in *En Proceso* with a complete form asking for `date` 10:00–12:00, and that event booked. */
  async function bookedOn(date: string, programName: string): Promise<ServiceRequest> {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, asv(), commandId('take'));
    const option = slot(date, '10:00', '12:00', { equipmentIds: ['mcu-1'] });
    const saved = await fixture.desk.requests.saveForm(registered.request.id, 'VC', completeVideoconferenceFormAsking(option, programName), asv(), commandId('form'), { locale: 'es' });
    if (saved.outcome !== 'applied' || !saved.request.form?.complete) throw new Error(`form: ${saved.outcome}`);
    const booked = await fixture.desk.agenda.book(registered.request.id, option, asv(), commandId('book'));
    if (!booked.ok) throw new Error(JSON.stringify(booked.failure));
    return booked.request;
  }

  it('cannot finish after the form’s date changed until the new date is booked; the requester is told the new date', async () => {
    const wednesday = futureDateOn(3);
    const thursday = datePlus(wednesday, 1);
    const booked = await bookedOn(wednesday, 'Examen de grado');
    const bot = botOnDesk(fixture, config);
    expect(visibleText((await clickCard(bot, people.asv, 'refresh', { requestId: booked.id, version: booked.version })).value)).not.toContain(OUT_OF_DATE);

    const moved = await fixture.desk.requests.saveForm(booked.id, 'VC', { ...booked.form!.data, date: thursday, connectionTestDate: thursday }, asv(), commandId('form'), { locale: 'es' });
    if (moved.outcome !== 'applied') throw new Error(moved.outcome);
    expect(moved.request.booking?.bookingId).toBe(booked.booking!.bookingId);
    const card = await clickCard(bot, people.asv, 'refresh', { requestId: booked.id, version: moved.request.version });
    expect(visibleText(card.value)).toContain(OUT_OF_DATE);

    const refused = await clickCard(bot, people.asv, 'finish', { requestId: booked.id, version: moved.request.version, note: 'Listo' });
    expect(visibleText(refused.value)).toContain('Para terminar la solicitud falta: una reserva que coincida con la fecha, el horario y el servicio del formulario.');
    expect((await fixture.desk.requests.get(booked.id))?.status).toBe('En Proceso');

    const rebooked = await fixture.desk.agenda.book(booked.id, slot(thursday, '10:00', '12:00', { equipmentIds: ['mcu-1'] }), asv(), commandId('book'));
    if (!rebooked.ok) throw new Error(JSON.stringify(rebooked.failure));
    expect(visibleText((await clickCard(bot, people.asv, 'refresh', { requestId: booked.id, version: rebooked.request.version })).value)).not.toContain(OUT_OF_DATE);
    const finished = await fixture.desk.requests.execute(booked.id, { type: 'finish' }, asv(), commandId('finish'));
    if (finished.outcome !== 'applied') throw new Error(finished.outcome);
    expect(finished.request.status).toBe('Terminada');

    const notice = noticeText('requester.completed', finished.request, 'en', { waitBusinessHours: 48, timeZone: config.calendar.timeZone });
    const thursdayInWords = new Intl.DateTimeFormat('en-US', { timeZone: config.calendar.timeZone, dateStyle: 'full' }).format(new Date(`${thursday}T12:00:00-06:00`));
    expect(notice.body).toContain(thursdayInWords);
  });

  it('keeps the booking when the service changes, marked out of date, and cannot finish on it', async () => {
    const booked = await bookedOn(futureDateOn(2), 'Coloquio');
    const changed = await fixture.desk.requests.execute(booked.id, { type: 'set-service', service: 'TC' }, asv(), commandId('service'));
    if (changed.outcome !== 'applied') throw new Error(changed.outcome);
    expect(changed.request.booking).toEqual(booked.booking);
    expect((await fixture.desk.agenda.booking(booked.booking!.bookingId))?.status).toBe('confirmed');

    const bot = botOnDesk(fixture, config);
    const card = await clickCard(bot, people.asv, 'refresh', { requestId: booked.id, version: changed.request.version });
    expect(visibleText(card.value)).toContain(OUT_OF_DATE);
    const refused = await fixture.desk.requests.execute(booked.id, { type: 'finish' }, asv(), commandId('finish'));
    expect(refused).toMatchObject({ outcome: 'rejected', rejection: { code: 'finish-preconditions' } });
  });
});
