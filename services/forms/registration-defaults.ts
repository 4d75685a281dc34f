/** What the registration of a request already says about the common fields of its service form. */
export interface RegisteredRequest {
  dependencia: { name: string; siglas: string };
  requester: { name: string; email?: string | undefined };
}

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * A form's values with the common fields the registration captured — dependencia, siglas, the
 * requester's name and e-mail — filled in where the values have none; nothing given is replaced.
 * For showing the form: nothing is stored until the ASV saves it.
 */
export function withRegistrationDefaults(values: Record<string, unknown>, request: RegisteredRequest): Record<string, unknown> {
  const registered: Record<string, string | undefined> = {
    dependenciaName: request.dependencia.name,
    siglas: request.dependencia.siglas,
    requesterName: request.requester.name,
    requesterEmail: request.requester.email,
  };
  const filled = { ...values };
  for (const [field, value] of Object.entries(registered)) {
    if (isBlank(values[field]) && typeof value === 'string' && value.trim()) filled[field] = value.trim();
  }
  return filled;
}
