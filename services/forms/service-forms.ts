import type * as z from 'zod';
import type { FieldSpecs, FormSchemaOptions } from './field-spec.js';
import { NETCONFERENCE_FORM_CODE, netconferenceFields, netconferenceFormSchema } from './netconference-form.js';
import { TELECONFERENCE_FORM_CODE, teleconferenceFields, teleconferenceFormSchema } from './teleconference-form.js';
import { VIDEOCONFERENCE_FORM_CODE, videoconferenceFields, videoconferenceFormSchema } from './videoconference-form.js';

import { serviceTypes, type ServiceType } from '../requests/request-types.js';

/** The three services (VC, TC, NC), in the procedure's order (step 2.2). */
export { serviceTypes as SERVICE_TYPES, type ServiceType } from '../requests/request-types.js';

/** One service's form: its quality-record code, its fields and its schema. */
export interface ServiceFormDefinition {
  readonly service: ServiceType;
  readonly formCode: string;
  readonly fields: FieldSpecs;
  schema(options: FormSchemaOptions): z.ZodType<unknown>;
}

/** The form of each service (FOR 7.5 DRT 09, 33 and 31). */
export const serviceForms: Readonly<Record<ServiceType, ServiceFormDefinition>> = {
  VC: { service: 'VC', formCode: VIDEOCONFERENCE_FORM_CODE, fields: videoconferenceFields, schema: videoconferenceFormSchema },
  TC: { service: 'TC', formCode: TELECONFERENCE_FORM_CODE, fields: teleconferenceFields, schema: teleconferenceFormSchema },
  NC: { service: 'NC', formCode: NETCONFERENCE_FORM_CODE, fields: netconferenceFields, schema: netconferenceFormSchema },
};

/** True for one of the three service types. */
export function isServiceType(value: unknown): value is ServiceType {
  return typeof value === 'string' && (serviceTypes as readonly string[]).includes(value);
}
