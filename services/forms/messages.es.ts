/**
 * Spanish validation messages, keyed. `{field}` is the field's localised label; other
 * `{placeholders}` are filled from the issue. The keys here define {@link MessageKey}.
 */
export const messagesEs = {
  invalid: '{field}: el valor no es válido.',
  required: '{field}: este dato es obligatorio.',
  'form.invalid': '{field}: los datos del formulario deben llegar como un conjunto de campos.',
  'object.invalid': '{field}: los datos deben llegar como un conjunto de campos.',
  'text.invalid': '{field}: escribe un texto.',
  'text.tooLong': '{field}: usa como máximo {max} caracteres.',
  'siglas.format': '{field}: usa de 2 a 12 letras mayúsculas o dígitos.',
  'email.format': '{field}: escribe un correo electrónico válido (p. ej. nombre@unam.mx).',
  'phone.format': '{field}: escribe un teléfono o una extensión (p. ej. 55 5622 3333 ext. 123).',
  'url.format': '{field}: escribe un enlace completo que empiece con https:// (o http://).',
  'date.format': '{field}: escribe una fecha válida con el formato AAAA-MM-DD (p. ej. 2026-03-15).',
  'time.format': '{field}: escribe una hora de 24 horas con el formato HH:mm (p. ej. 09:30).',
  'time.nonexistent':
    '{field}: las {time} del {date} no existen en la zona horaria {zone} (cambio de horario); elige otra hora.',
  'endTime.notAfterStart': '{field}: debe ser posterior a la hora de inicio ({start}).',
  'integer.format': '{field}: escribe un número entero.',
  'number.min': '{field}: debe ser al menos {min}.',
  'number.max': '{field}: debe ser como máximo {max}.',
  'boolean.format': '{field}: indica sí o no.',
  'choice.invalid': '{field}: elige una de estas opciones: {choices}.',
  'list.invalid': '{field}: debe ser una lista.',
  'list.min': '{field}: agrega al menos {min}.',
  'list.max': '{field}: como máximo {max}.',
  'resource.unknown': '{field}: «{value}» no está en el catálogo de la agenda; elige una de las opciones.',
  'diallingAddress.h323':
    '{field}: para H.323 escribe una dirección IP (v4 o v6), un alias H.323 (p. ej. sala1@vc.unam.mx) o un número E.164 (p. ej. +525556223333).',
  'diallingAddress.sip':
    '{field}: para SIP escribe un URI SIP (p. ej. sip:sala1@vc.unam.mx), una dirección IP (v4 o v6) o un número E.164 (p. ej. +525556223333).',
  'diallingAddress.any':
    '{field}: escribe una dirección IP, un alias H.323, un URI SIP o un número E.164 (p. ej. +525556223333).',
  'contact.emailOrPhone': '{field}: indica un correo electrónico o un teléfono de contacto del sitio remoto.',
  'needsBridge.multipoint': '{field}: una videoconferencia multipunto requiere el puente (MCU).',
  'remoteSites.pointToPoint': '{field}: una videoconferencia punto a punto tiene exactamente un sitio remoto.',
  'remoteSites.multipoint': '{field}: una videoconferencia multipunto necesita al menos 2 sitios remotos.',
  'connectionTest.notBeforeEvent':
    '{field}: la prueba de conexión debe ser antes del inicio del evento ({start}).',
  'externalParticipants.direct': '{field}: en una llamada directa agrega al menos un participante externo.',
  'platformName.requiredForOther': '{field}: indícalo cuando la plataforma es «Otra».',
  'platformName.onlyForOther': '{field}: solo se indica cuando la plataforma es «Otra».',
  // Recurring events (issue 12 §2)
  'recurrence.weekdaysRequired': '{field}: elige los días de la semana en que se repite el evento.',
  'recurrence.endRequired': '{field}: indica hasta qué fecha se repite o cuántas veces.',
  'recurrence.untilOrCount': '{field}: indica la fecha final o el número de repeticiones, no ambos.',
  'recurrence.dateNotOnWeekday': '{field}: la fecha del evento ({date}) debe caer en uno de los días elegidos; es la primera repetición.',
  'recurrence.untilRange': '{field}: debe ser posterior a la fecha del evento ({date}) y no después del {latest}.',
  'recurrence.tooMany': '{field}: la serie tendría más de {max} repeticiones; acórtala.',
  'recurrence.exceptionNotInSeries': '{field}: el {date} no es una fecha de la serie.',
} as const;

/** The key of a validation message; both language catalogues have exactly these keys. */
export type MessageKey = keyof typeof messagesEs;
