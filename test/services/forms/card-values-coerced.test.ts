import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { MEXICO_CITY, netconferenceData, videoconferenceData } from './form-fixtures.js';

const complete = { mode: 'complete', timeZone: MEXICO_CITY } as const;

describe('values as Adaptive Card inputs send them', () => {
  it('turns numbers, toggles and multi-selects written as text into values', () => {
    const result = validateServiceForm(
      'VC',
      { ...videoconferenceData(), expectedParticipants: ' 25 ', bandwidthKbps: '1024', recording: 'false', streaming: 'true', extraEquipment: 'camara-ptz-2, microfono-4' },
      complete,
    );
    expect(result.ok && result.value).toMatchObject({
      expectedParticipants: 25,
      bandwidthKbps: 1024,
      recording: false,
      streaming: true,
      extraEquipment: ['camara-ptz-2', 'microfono-4'],
    });
  });

  it('treats an empty multi-select as no extra equipment', () => {
    const result = validateServiceForm('VC', { ...videoconferenceData(), extraEquipment: '' }, complete);
    expect(result.ok && result.value.extraEquipment).toBeUndefined();
  });

  it('refuses text that is not a whole number or a yes/no', () => {
    const result = validateServiceForm('NC', { ...netconferenceData(), onlineParticipants: '12.5', liveStreaming: 'sí' }, { ...complete, locale: 'en' });
    expect(result.ok || result.errors.map((error) => error.message)).toEqual([
      'Online participants: enter a whole number.',
      'Live streaming: answer yes or no.',
    ]);
  });
});
