import { commonFields } from '../forms/common-fields.js';

/**
 * The longest value each field of a registration takes: the requester's and the dependencia's as
 * in the service forms, the description as the request keeps it. One source for the server's
 * check and the form's inputs.
 */
export const registrationLimits = {
  requesterName: commonFields.requesterName.maxLength!,
  requesterEmail: commonFields.requesterEmail.maxLength!,
  dependenciaName: commonFields.dependenciaName.maxLength!,
  siglas: commonFields.siglas.maxLength!,
  description: 4000,
  assigneeId: 254,
} as const;
