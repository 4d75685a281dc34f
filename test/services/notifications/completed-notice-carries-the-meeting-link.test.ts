import { describe, expect, it } from '@jest/globals';
import { noticeText } from '../../../services/notifications/notice-texts.js';
import { completeForm, requestIn, sampleBooking } from '../../support/workflow-fixtures.js';

const settings = { waitBusinessHours: 48, timeZone: 'America/Mexico_City' };
const link = 'https://unam.zoom.us/j/81234567890?pwd=Xy12';

/** A netconference that ended *Terminada*, its form with the meeting link the ASV filled when booking (or without one). */
function finishedNetconference(meetingLink?: string) {
  const form = completeForm('NC');
  return requestIn('Terminada', {
    service: 'NC',
    form: { ...form, data: { ...form.data, platform: 'Zoom', ...(meetingLink ? { meetingLink } : {}) } },
    booking: { ...sampleBooking(), service: 'NC' },
  });
}

/** Bug: the requester's Terminada notice left out the netconference's meeting link although the form had it. */
describe('the requester’s completed notice', () => {
  it('gives the netconference’s meeting link from the form, in both languages', () => {
    const request = finishedNetconference(link);
    expect(noticeText('requester.completed', request, 'es', settings).body).toContain(`Enlace de la reunión: ${link}`);
    expect(noticeText('requester.completed', request, 'en', settings).body).toContain(`Meeting link: ${link}`);
  });

  it('has no meeting-link line without a link, nor for another service', () => {
    expect(noticeText('requester.completed', finishedNetconference(), 'es', settings).body).not.toContain('Enlace de la reunión');
    const videoconference = requestIn('Terminada');
    const withStrayLink = { ...videoconference, form: { ...videoconference.form!, data: { ...videoconference.form!.data, meetingLink: link } } };
    expect(noticeText('requester.completed', withStrayLink, 'en', settings).body).not.toContain(link);
  });
});
