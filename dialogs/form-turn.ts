import type { TurnContext } from 'botbuilder';
import type { Locale } from '../cards/messages.js';
import type { AdaptiveCard } from '../cards/render-card.js';
import type { FieldError } from '../services/forms/validate-form.js';
import type { SaveFormResult } from '../services/requests/request-service.js';
import type { RequestTextPrefill } from '../services/forms/text-prefill.js';
import type { Actor, ServiceRequest } from '../services/requests/request-types.js';

/** The two card verbs a service form dialog answers. */
export type FormVerb = 'open-form' | 'save-form';

/** One click on a form's button, as the bot read it from the invoke. */
export interface FormTurn {
  verb: FormVerb;
  /** The request as read at the start of this turn. */
  request: ServiceRequest;
  /** The card's `action.data` (the form's inputs, flat, plus `requestId`, `version`…). */
  data: Record<string, unknown>;
  /** The request version the card was showing, when it said. */
  cardVersion?: number | undefined;
  actor: Actor;
  locale: Locale;
  /** The command id that makes a repeated click harmless. */
  commandId: string;
  /** What the dialog answers: the card that replaces the clicked one, or a short message. */
  reply?: { card: AdaptiveCard } | { message: string };
}

/** What a service form card shows besides the request: values, problems and an optional note. */
export interface FormView {
  values: Record<string, unknown>;
  errors: FieldError[];
  missing: FieldError[];
  note?: string | undefined;
  /** The input ids whose values were guessed from the request's text (marked for the ASV to confirm). */
  suggested?: readonly string[] | undefined;
}

/** What the form dialogs need from the rest of the bot: saving a form, and the two cards. */
export interface ServiceFormPort {
  /** Validates (zod, draft and complete) and saves the form as the turn's actor. */
  save(turn: FormTurn, request: ServiceRequest, values: Record<string, unknown>): Promise<SaveFormResult>;
  /** The service form card of `request`. */
  formCard(turn: FormTurn, request: ServiceRequest, view: FormView): Promise<AdaptiveCard>;
  /**
   * `values` with what the request's text seems to say filled into the fields still empty (see
   * `withTextGuesses`), and the service the text names when it is not the request's; nothing is stored.
   */
  prefill(turn: FormTurn, request: ServiceRequest, values: Record<string, unknown>): Promise<RequestTextPrefill>;
  /** The request card of `request` as the turn's actor sees it, with an optional note. */
  requestCard(turn: FormTurn, request: ServiceRequest, note?: string): Promise<AdaptiveCard>;
}

const formTurnKey = Symbol('serviceFormTurn');

/** Hands the turn's form click to the dialogs that run in it. */
export function setFormTurn(context: TurnContext, turn: FormTurn): void {
  context.turnState.set(formTurnKey, turn);
}

/** The form click of this turn (set by the runner before the dialogs run). */
export function formTurnOf(context: TurnContext): FormTurn {
  const turn = context.turnState.get(formTurnKey) as FormTurn | undefined;
  if (!turn) throw new Error('service form dialog: no form turn was set for this turn');
  return turn;
}
