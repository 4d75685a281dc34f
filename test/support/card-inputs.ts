/**
 * A nested form as the service form card submits it: list rows as `remoteSites.0.institution`,
 * lists of ids as "a,b", booleans and numbers as text.
 */
export function formAsCardInputs(data: Record<string, unknown>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null)) {
      value.forEach((item, index) => {
        for (const [field, fieldValue] of Object.entries(item as Record<string, unknown>)) inputs[`${key}.${index}.${field}`] = String(fieldValue);
      });
    } else if (Array.isArray(value)) inputs[key] = value.join(',');
    else inputs[key] = String(value);
  }
  return inputs;
}
