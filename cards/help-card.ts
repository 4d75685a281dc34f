import { configuredRoles, type ConfiguredRole } from '../services/requests/request-types.js';
import { commandKeys, t, type Locale } from './messages.js';
import { renderTemplate, type AdaptiveCard } from './render-card.js';
import template from './help-card.json' with { type: 'json' };

/** The help for one user: their language and the roles configuration gives them. */
export interface HelpCardView {
  locale: Locale;
  /** The user's configured roles (`HD`, `ASV`, `DAU`, `HEAD`); others are ignored. */
  roles: string[];
}

/**
 * The text commands (how to write each and what it does) and what the user can do: as a
 * requester (everybody) and in each configured role they hold.
 */
export function renderHelpCard(view: HelpCardView): AdaptiveCard {
  const { locale } = view;
  const held = configuredRoles.filter((role: ConfiguredRole) => view.roles.includes(role));
  return renderTemplate(template, {
    lang: locale,
    title: `${t(locale, 'help.title')} — ${t(locale, 'app.name')}`,
    intro: t(locale, 'help.intro'),
    commands: commandKeys.map((key) => ({ usage: t(locale, `${key}.usage`), description: t(locale, `${key}.description`) })),
    rolesTitle: t(locale, 'help.rolesTitle'),
    newRequest: t(locale, 'selfRegister.open'),
    roles: (['REQUESTER', ...held] as const).map((role) => ({ name: t(locale, `role.${role}`), text: t(locale, `help.role.${role}`) })),
  });
}
