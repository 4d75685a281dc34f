/** The statuses (and states) the fuzz suite seeds requests in, through the service API (see product-process.ts). */
export type SeedKind =
  | 'registro'
  | 'registro-no-service'
  | 'en-proceso'
  | 'en-proceso-no-service'
  | 'pendiente'
  | 'espera'
  | 'no-procede'
  | 'ready-to-book'
  | 'booked'
  | 'terminada';

export const seedKinds: readonly SeedKind[] = [
  'registro',
  'en-proceso',
  'pendiente',
  'ready-to-book',
  'espera',
  'no-procede',
  'booked',
  'registro-no-service',
  'terminada',
  'en-proceso-no-service',
];

