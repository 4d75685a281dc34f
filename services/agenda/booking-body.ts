import { escapeHtml } from '../notifications/mail-templates.js';
import type { ServiceRequest } from '../requests/request-types.js';
import type { Resource } from './agenda-types.js';
import type { SlotOption } from './availability.js';

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/** The longest notes the ASV may add to a booking's body: one source for the agenda's check and the availability card's input. */
export const bookingNotesMaxLength = 2000;

/**
 * The event's body (procedure step 3.1.1.2): what the ASV and the technicians need to run the
 * service — folio, requester, the form's key data, the resources held and the ASV's notes.
 */
export function bookingBody(request: ServiceRequest, option: SlotOption, resources: Map<string, Resource>, notes: string): string {
  const data = request.form?.data ?? {};
  const names = (ids: string[]) => ids.map((id) => resources.get(id)?.name ?? id).join(', ');
  const remoteSites = Array.isArray(data.remoteSites)
    ? (data.remoteSites as Array<Record<string, unknown>>).map(
        (site) => `  - ${text(site.institution)}: ${text(site.dialAddress)} (${text(site.protocol)}), ${text(site.contactName)} ${text(site.contactEmail ?? site.contactPhone)}`,
      )
    : [];
  const lines = [
    `Folio: ${request.folio} (${request.service ?? ''})`,
    `Solicitante: ${request.requester.name}${request.requester.email ? ` <${request.requester.email}>` : ''}${data.requesterPhone ? `, tel. ${text(data.requesterPhone)}` : ''}`,
    `Dependencia: ${request.dependencia.name} (${request.dependencia.siglas})`,
    `Programa: ${text(data.programName)}`,
    `Participantes: ${text(data.expectedParticipants)}`,
    option.roomId ? `Sala: ${names([option.roomId])}` : '',
    option.equipmentIds.length ? `Equipo: ${names(option.equipmentIds)}` : '',
    option.staffIds.length ? `Personal: ${names(option.staffIds)}` : '',
    data.mode ? `Modalidad: ${text(data.mode)}` : '',
    data.connectionTestDate ? `Prueba de conexión: ${text(data.connectionTestDate)} ${text(data.connectionTestTime)}` : '',
    remoteSites.length ? `Sedes remotas:\n${remoteSites.join('\n')}` : '',
    data.platform ? `Plataforma: ${text(data.platform)}${data.meetingLink ? ` — ${text(data.meetingLink)}` : ''}` : '',
    data.recording === true ? 'Grabación: sí' : '',
    data.streaming === true || data.liveStreaming === true ? 'Transmisión: sí' : '',
    data.purpose ? `Propósito: ${text(data.purpose)}` : '',
    data.observations ? `Observaciones: ${text(data.observations)}` : '',
    notes ? `Notas del ASV: ${notes}` : '',
  ];
  return lines.filter(Boolean).join('\n');
}

/** The body as HTML for the Microsoft 365 event (escaped, one line per line). */
export function bookingBodyHtml(body: string): string {
  return `<div style="font-family:Segoe UI,Arial,sans-serif">${escapeHtml(body).split('\n').join('<br>')}</div>`;
}
