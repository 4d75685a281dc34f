import type * as z from 'zod';
import type { FieldSpecs, FormSchemaOptions } from './field-spec.js';
import { NETCONFERENCE_FORM_CODE, netconferenceFields, netconferenceFormSchema } from './netconference-form.js';
import { TELECONFERENCE_FORM_CODE, teleconferenceFields, teleconferenceFormSchema } from './teleconference-form.js';
import { VIDEOCONFERENCE_FORM_CODE, videoconferenceFields, videoconferenceFormSchema } from './videoconference-form.js';

/** The three services: videoconference, teleconference, netconference. */
export type ServiceType = 'VC' | 'TC' | 'NC';

/** The services, in the procedure's order (step 2.2). */
export const SERVICE_TYPES = ['VC', 'TC', 'NC'] as const satisfies readonly ServiceType[];

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
  return typeof value === 'string' && (SERVICE_TYPES as readonly string[]).includes(value);
}
