import { renderRequestCard, type RequestAction, type RequestCardView } from '../../cards/request-card.js';
import type { RequestStatus } from '../../services/requests/request-types.js';
import { actionsOf, executeAction, expectWellFormedCard, inputById, verbsOf, visibleText } from './card-assertions.js';
import { MEXICO_CITY, sampleBooking, sampleRequest, sampleResources } from './card-fixtures.js';

/** What an assigned ASV (or the DAU, for No Procede) may do in each status, as the bot decides it. */
const actionsByStatus: Record<RequestStatus, RequestAction[]> = {
  Registro: ['take', 'reassign'],
  'En Proceso': ['request-info', 'hold', 'set-service', 'open-form', 'check-availability', 'finish', 'reject', 'reassign'],
  'Pendiente por el usuario': ['set-service', 'open-form', 'reassign'],
  Espera: ['resume', 'set-service', 'open-form', 'reassign'],
  Terminada: [],
  'No Procede': ['cancel', 'reassign'],
  Cancelada: [],
};

const allVerbs = ['take', 'request-info', 'hold', 'resume', 'set-service', 'open-form', 'check-availability', 'finish', 'reject', 'reassign', 'cancel'];

function view(status: RequestStatus, overrides: Partial<RequestCardView> = {}): RequestCardView {
  return {
    request: sampleRequest({ status }),
    locale: 'es',
    timeZone: MEXICO_CITY,
    actions: actionsByStatus[status],
    viewer: 'actor',
    refreshUserIds: ['29:1carla', '29:1jorge'],
    asvChoices: [
      { id: 'asv-1', name: 'Carla Gómez' },
      { id: 'asv-2', name: 'Jorge Ruiz' },
    ],
    resources: sampleResources(),
    ...overrides,
  };
}

describe('the request card in the ASV channel', () => {
  it.each(Object.entries(actionsByStatus) as Array<[RequestStatus, RequestAction[]]>)('in %s offers exactly its actions', (status, actions) => {
    for (const locale of ['es', 'en'] as const) {
      const card = renderRequestCard(view(status, { locale }));
      expectWellFormedCard(card);
      expect(verbsOf(card).sort()).toEqual([...actions].sort());
      for (const verb of allVerbs.filter((candidate) => !actions.includes(candidate as RequestAction))) expect(verbsOf(card)).not.toContain(verb);
      expect(visibleText(card)).toContain(status);
    }
  });

  it('puts the request id and version in every action and in the refresh', () => {
    const card = renderRequestCard(view('En Proceso'));
    const version = sampleRequest().version;
    for (const action of actionsOf(card).filter((node) => node.type === 'Action.Execute')) {
      expect(action.data).toEqual({ requestId: 'req-42', version });
    }
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'refresh', title: 'ver esta solicitud', data: { requestId: 'req-42', version } },
      userIds: ['29:1carla', '29:1jorge'],
    });
  });

  it('asks for the inputs each action needs, inside its show-card', () => {
    const card = renderRequestCard(view('En Proceso'));
    expect(inputById(card, 'message')).toMatchObject({ type: 'Input.Text', isRequired: true, isMultiline: true });
    expect(inputById(card, 'reason')).toMatchObject({ type: 'Input.Text' });
    expect(inputById(card, 'reasons')).toMatchObject({ type: 'Input.Text', isRequired: true });
    expect(inputById(card, 'note')).toMatchObject({ type: 'Input.Text' });
    expect(inputById(card, 'service')).toMatchObject({ type: 'Input.ChoiceSet', value: 'VC', choices: [{ value: 'VC' }, { value: 'TC' }, { value: 'NC' }] });
    expect(inputById(card, 'assigneeId')).toMatchObject({ type: 'Input.ChoiceSet', choices: [{ title: 'Jorge Ruiz', value: 'asv-2' }] });
    expect(executeAction(card, 'request-info').data).toEqual({ requestId: 'req-42', version: 4 });
  });

  it('shows no action to a reader, but keeps the refresh so actors get theirs', () => {
    const card = renderRequestCard(view('En Proceso', { viewer: 'readonly' }));
    expectWellFormedCard(card);
    expect(verbsOf(card)).toEqual([]);
    expect(card.refresh?.action.verb).toBe('refresh');
    expect(visibleText(card)).toContain('Solo lectura');
  });

  it('shows who asks, for what, the form data, the booking, the wait, the history and the warnings', () => {
    const request = sampleRequest({
      status: 'Pendiente por el usuario',
      booking: { bookingId: 'bk-7', title: 'FI – Seminario de redes', start: new Date('2026-05-04T16:00:00Z'), end: new Date('2026-05-04T18:00:00Z'), resourceIds: ['sala-vc-1', 'mcu-1', 'tec-ana'] },
    });
    const card = renderRequestCard({
      ...view('Pendiente por el usuario'),
      request,
      booking: sampleBooking({ declinedBy: ['sala-vc-1@example.edu'] }),
      failedNotices: 2,
      note: 'La solicitud cambió mientras tanto; esta es la versión actual.',
    });
    expectWellFormedCard(card);
    const text = visibleText(card);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'La solicitud cambió mientras tanto; esta es la versión actual.' });
    for (const expected of [
      'Solicitud VC-2026-0042',
      'María Fernanda Ortiz (mf.ortiz@ingenieria.unam.mx)',
      'Facultad de Ingeniería (FI)',
      'Servicio: Videoconferencia',
      'Programa o evento: Seminario de redes',
      'Fecha: lun, 4 de may de 2026',
      'Horario: 10:00–12:00',
      'Participantes: 25',
      'Sala: Sala de Videoconferencia 1',
      'Evento: FI – Seminario de redes',
      'Cuándo: lun, 4 de may de 2026, 10:00–12:00',
      'Equipo: MCU, Cámara PTZ 2',
      'Personal técnico: Ana Robles',
      'Rechazaron la invitación de Microsoft 365: Sala de Videoconferencia 1',
      'Indique la dirección SIP de la sede de Morelia.',
      'Plazo para responder: jue, 30 de abr de 2026, 09:00',
      'Avisos no entregados: 2',
      'Pidió información al solicitante (En Proceso → Pendiente por el usuario)',
      'Guardó el formulario del servicio',
      'Borrador',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Registró la solicitud');
  });

  it('names the booking reference resources when the full booking is not given, and speaks English', () => {
    const request = sampleRequest({
      status: 'No Procede',
      booking: { bookingId: 'bk-7', title: 'FI – Seminario de redes', start: new Date('2026-05-04T16:00:00Z'), end: new Date('2026-05-04T18:00:00Z'), resourceIds: ['sala-vc-1', 'mcu-1', 'tec-ana'] },
    });
    const card = renderRequestCard({ ...view('No Procede', { locale: 'en' }), request });
    expectWellFormedCard(card);
    const text = visibleText(card);
    expect(text).toContain('Request VC-2026-0042');
    expect(text).toContain('Room: Sala de Videoconferencia 1');
    expect(text).toContain('Technical staff: Ana Robles');
    expect(text).toContain('The answer deadline passed (Pendiente por el usuario → No Procede)');
    expect(text).toContain('No answer from the requester within the business-hours deadline.');
    expect(text).not.toContain('no-reply-within-deadline');
    expect(text).not.toContain("Waiting for the requester's answer");
  });

  it('has no reassign button when nobody else can take the request', () => {
    const card = renderRequestCard(view('Registro', { asvChoices: [{ id: 'asv-1', name: 'Carla Gómez' }] }));
    expect(verbsOf(card)).toEqual(['take']);
  });

  it('stays far under the Teams limit with a long description and a long history', () => {
    const request = sampleRequest({ description: 'Descripción muy larga. '.repeat(400) });
    const card = renderRequestCard({ ...view('En Proceso'), request, booking: sampleBooking(), failedNotices: 1, note: 'x' });
    expectWellFormedCard(card);
  });
});
