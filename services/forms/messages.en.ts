import type { MessageKey } from './messages.es.js';

/** English validation messages, with the same keys and placeholders as the Spanish catalogue. */
export const messagesEn: Readonly<Record<MessageKey, string>> = {
  invalid: '{field}: the value is not valid.',
  required: '{field}: this field is required.',
  'form.invalid': '{field}: the form data must arrive as a set of fields.',
  'object.invalid': '{field}: the data must arrive as a set of fields.',
  'text.invalid': '{field}: enter text.',
  'text.tooLong': '{field}: use at most {max} characters.',
  'siglas.format': '{field}: use 2 to 12 capital letters or digits.',
  'email.format': '{field}: enter a valid e-mail address (e.g. name@unam.mx).',
  'phone.format': '{field}: enter a phone number or an extension (e.g. 55 5622 3333 ext. 123).',
  'url.format': '{field}: enter a full link starting with https:// (or http://).',
  'date.format': '{field}: enter a valid date in the format YYYY-MM-DD (e.g. 2026-03-15).',
  'time.format': '{field}: enter a 24-hour time in the format HH:mm (e.g. 09:30).',
  'time.nonexistent':
    '{field}: {time} on {date} does not exist in the time zone {zone} (clock change); choose another time.',
  'endTime.notAfterStart': '{field}: must be after the start time ({start}).',
  'integer.format': '{field}: enter a whole number.',
  'number.min': '{field}: must be at least {min}.',
  'number.max': '{field}: must be at most {max}.',
  'boolean.format': '{field}: answer yes or no.',
  'choice.invalid': '{field}: choose one of these options: {choices}.',
  'list.invalid': '{field}: must be a list.',
  'list.min': '{field}: add at least {min}.',
  'list.max': '{field}: at most {max}.',
  'resource.unknown': '{field}: "{value}" is not in the agenda\'s catalogue; choose one of the options.',
  'diallingAddress.h323':
    '{field}: for H.323 enter an IP address (v4 or v6), an H.323 alias (e.g. sala1@vc.unam.mx) or an E.164 number (e.g. +525556223333).',
  'diallingAddress.sip':
    '{field}: for SIP enter a SIP URI (e.g. sip:sala1@vc.unam.mx), an IP address (v4 or v6) or an E.164 number (e.g. +525556223333).',
  'diallingAddress.any':
    '{field}: enter an IP address, an H.323 alias, a SIP URI or an E.164 number (e.g. +525556223333).',
  'contact.emailOrPhone': "{field}: give the remote site's contact e-mail or phone.",
  'needsBridge.multipoint': '{field}: a multipoint videoconference needs the bridge (MCU).',
  'remoteSites.pointToPoint': '{field}: a point-to-point videoconference has exactly one remote site.',
  'remoteSites.multipoint': '{field}: a multipoint videoconference needs at least 2 remote sites.',
  'connectionTest.notBeforeEvent': '{field}: the connection test must be before the event starts ({start}).',
  'externalParticipants.direct': '{field}: a direct call needs at least one external participant.',
  'platformName.requiredForOther': '{field}: give it when the platform is "Other".',
  'platformName.onlyForOther': '{field}: give it only when the platform is "Other".',
  // Recurring events (issue 12 §2)
  'recurrence.weekdaysRequired': '{field}: choose the weekdays the event repeats on.',
  'recurrence.endRequired': '{field}: give the date the event repeats until, or how many times.',
  'recurrence.untilOrCount': '{field}: give the last date or the number of occurrences, not both.',
  'recurrence.dateNotOnWeekday': "{field}: the event's date ({date}) must fall on one of the chosen weekdays; it is the first occurrence.",
  'recurrence.untilRange': "{field}: must be after the event's date ({date}) and not after {latest}.",
  'recurrence.tooMany': '{field}: the series would have more than {max} occurrences; shorten it.',
  'recurrence.exceptionNotInSeries': '{field}: {date} is not a date of the series.',
};
