import type { ServiceType } from '../../../services/forms/validate-form.js';

/** The business time zone used by the tests unless a test says otherwise. */
export const MEXICO_CITY = 'America/Mexico_City';

const common = {
  dependenciaName: 'Facultad de Ingeniería',
  siglas: 'FI',
  requesterName: 'Ana María López',
  requesterEmail: 'ana.lopez@ingenieria.unam.mx',
  requesterPhone: '55 5622 3333 ext. 123',
  programName: 'Seminario de redes',
  date: '2026-05-04',
  startTime: '10:00',
  endTime: '12:00',
  purpose: 'Sesión del seminario con sedes foráneas.',
  expectedParticipants: 40,
  observations: 'Llevar presentación en USB.',
};

/** A complete, valid videoconference form (multipoint, two remote sites). */
export function videoconferenceData(): Record<string, unknown> {
  return {
    ...common,
    localRoom: 'sala-vc-1',
    mode: 'multipoint',
    needsBridge: true,
    remoteSites: [
      {
        institution: 'Universidad de Guadalajara',
        contactName: 'Luis Pérez',
        contactEmail: 'luis.perez@udg.mx',
        dialAddress: 'sip:sala3@vc.udg.mx',
        protocol: 'SIP',
      },
      {
        institution: 'UNAM Campus Morelia',
        contactName: 'Rosa Díaz',
        contactPhone: '+52 443 322 3800',
        dialAddress: '132.248.10.5',
        protocol: 'H.323',
      },
    ],
    bandwidthKbps: 2048,
    connectionTestDate: '2026-05-04',
    connectionTestTime: '09:00',
    recording: true,
    streaming: false,
    extraEquipment: ['camara-ptz-2'],
  };
}

/** A complete, valid teleconference form (audio bridge). */
export function teleconferenceData(): Record<string, unknown> {
  return {
    ...common,
    mode: 'bridge',
    lines: 3,
    externalParticipants: [
      { name: 'Jorge Ruiz', phone: '+52 55 1234 5678' },
      { name: 'Marta Gil', phone: '33 3134 2222' },
    ],
    moderator: 'Ana María López',
    recording: false,
    room: 'sala-vc-2',
  };
}

/** A complete, valid netconference form (Zoom). */
export function netconferenceData(): Record<string, unknown> {
  return {
    ...common,
    platform: 'Zoom',
    onlineParticipants: 150,
    presenters: [{ name: 'Dra. Elena Castro', email: 'elena.castro@unam.mx' }],
    registrationRequired: true,
    recording: true,
    liveStreaming: false,
    hostAccount: 'Licencia Zoom DGTIC 3',
    meetingLink: 'https://unam.zoom.us/j/81234567890',
  };
}

/** The complete, valid form of each service. */
export const completeData: Readonly<Record<ServiceType, () => Record<string, unknown>>> = {
  VC: videoconferenceData,
  TC: teleconferenceData,
  NC: netconferenceData,
};
