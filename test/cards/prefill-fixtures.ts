import type { ServiceFormCardView } from '../../cards/service-form-card.js';
import type { Locale } from '../../cards/messages.js';
import { t } from '../../cards/messages.js';
import { withRegistrationDefaults } from '../../services/forms/registration-defaults.js';
import { prefillFromRequestText } from '../../services/forms/text-prefill.js';
import { MEXICO_CITY, sampleRequest, sampleResources } from './card-fixtures.js';

/** A videoconference request registered from a message that says the date, times, room, remote site and participants, with no form yet. */
export function requestWithTellingText() {
  return sampleRequest({
    form: null,
    description: 'Videoconferencia el martes 5 de mayo de 10 a 12 hrs en la sala de videoconferencia 1, enlace con la UdeG por SIP sip:aula3@udg.mx, unas 25 personas, favor de grabar',
  });
}

/** The service form card's view of {@link requestWithTellingText} as the ASV first opens it: registration defaults, then the text's guesses. */
export function prefilledFormView(locale: Locale = 'es'): ServiceFormCardView {
  const request = requestWithTellingText();
  const resources = sampleResources();
  const prefilled = prefillFromRequestText({ ...request, service: 'VC' }, withRegistrationDefaults({}, request), { resources, timeZone: MEXICO_CITY });
  return {
    request,
    service: 'VC',
    locale,
    timeZone: MEXICO_CITY,
    values: prefilled.values,
    errors: [],
    missing: [],
    resources,
    note: t(locale, 'form.suggestedNote'),
    suggested: prefilled.suggested,
  };
}
