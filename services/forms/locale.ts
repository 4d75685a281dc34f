/** A language the forms speak. Spanish is the default of every card, message and e-mail (SPEC §6). */
export type Locale = 'es' | 'en';

/** The languages the forms speak, default first. */
export const LOCALES: readonly Locale[] = ['es', 'en'];

/** The language used when none is given. */
export const DEFAULT_LOCALE: Locale = 'es';
