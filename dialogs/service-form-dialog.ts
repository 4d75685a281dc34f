import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { rejectionText, serviceName, t } from '../cards/messages.js';
import { inputIdsToValues } from '../cards/service-form-card.js';
import { boundFormValues } from '../services/forms/bounded-values.js';
import { withRegistrationDefaults } from '../services/forms/registration-defaults.js';
import type { RequestTextPrefill } from '../services/forms/text-prefill.js';
import type { FieldError } from '../services/forms/validate-form.js';
import type { ServiceRequest, ServiceType } from '../services/requests/request-types.js';
import { formTurnOf, type FormTurn, type FormView, type ServiceFormPort } from './form-turn.js';

/**
 * What a form dialog remembers between clicks (kept in bot state under the request and the person,
 * so any instance can go on).
 */
interface FormDialogState {
  /** What the person typed last that could not be saved (invalid), as the form's values. */
  typed?: Record<string, unknown>;
  /** The problems with `typed`. */
  errors?: FieldError[];
}

/** The id of the dialog of a service's form: `serviceForm:VC`. */
export function serviceFormDialogId(service: ServiceType): string {
  return `serviceForm:${service}`;
}

/**
 * The dialog of one service form (VC FOR 7.5 DRT 09, TC DRT 33, NC DRT 31), driven by the
 * form card's `open-form` and `save-form` clicks. It renders the card (the fields the registration
 * already answers pre-filled when empty; until a form of this service is saved, the fields the
 * request's text seems to answer too, each marked for the ASV to confirm); on submit it has the form
 * validated against the service's zod schemas and saved — a valid draft is saved and the dialog
 * waits with what the complete form still lacks; invalid values are not saved but kept in the
 * dialog's state and shown again with each field's error, also when the form is opened later;
 * a complete form ends the dialog with the request card.
 */
export class ServiceFormDialog extends Dialog {
  constructor(
    readonly service: ServiceType,
    private readonly port: ServiceFormPort,
  ) {
    super(serviceFormDialogId(service));
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state: FormDialogState = {};
    dc.activeDialog!.state = state;
    return this.step(dc, formTurnOf(dc.context), state);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.step(dc, formTurnOf(dc.context), dc.activeDialog!.state as FormDialogState);
  }

  private async step(dc: DialogContext, turn: FormTurn, state: FormDialogState): Promise<DialogTurnResult> {
    const { request, locale } = turn;
    if (turn.verb === 'open-form') {
      const kept = state.typed !== undefined;
      // What registration captured (dependencia, siglas, the requester) fills the fields still empty; saved only when the ASV saves.
      const registered = withRegistrationDefaults(state.typed ?? request.form?.data ?? {}, request);
      const guessing = !kept && (request.form === null || request.form.service !== this.service);
      const shown: RequestTextPrefill = guessing ? await this.port.prefill(turn, request, registered) : { values: registered, suggested: [] };
      const notes = [
        kept ? t(locale, 'form.keptTyped') : undefined,
        shown.suggested.length > 0 ? t(locale, 'form.suggestedNote') : undefined,
        shown.otherService ? t(locale, 'form.suggestedService', { service: serviceName(locale, shown.otherService) }) : undefined,
      ].filter((note) => note !== undefined);
      await this.showForm(turn, request, {
        values: shown.values,
        errors: state.errors ?? [],
        missing: [],
        note: notes.length > 0 ? notes.join(' ') : undefined,
        suggested: shown.suggested,
      });
      return Dialog.EndOfTurn;
    }
    return this.submit(dc, turn, state);
  }

  private async submit(dc: DialogContext, turn: FormTurn, state: FormDialogState): Promise<DialogTurnResult> {
    const { request, locale } = turn;
    const values = inputIdsToValues(this.service, turn.data);
    const saved = await this.port.save(turn, request, values);
    switch (saved.outcome) {
      case 'invalid':
        state.typed = boundFormValues(this.service, values);
        state.errors = saved.errors;
        await this.showForm(turn, request, { values, errors: saved.errors, missing: [] });
        return Dialog.EndOfTurn;
      case 'changed-meanwhile':
        state.typed = boundFormValues(this.service, values);
        state.errors = [];
        await this.showForm(turn, saved.request, { values, errors: [], missing: [], note: t(locale, 'form.changedMeanwhile') });
        return Dialog.EndOfTurn;
      case 'applied':
      case 'duplicate':
        delete state.typed;
        delete state.errors;
        if (saved.missing?.length) {
          await this.showForm(turn, saved.request, { values, errors: [], missing: saved.missing, note: t(locale, 'reply.formSavedDraft') });
          return Dialog.EndOfTurn;
        }
        turn.reply = { card: await this.port.requestCard(turn, saved.request, t(locale, 'reply.formSavedComplete')) };
        return dc.endDialog(saved.request.form);
      case 'rejected':
        turn.reply = { card: await this.port.requestCard(turn, saved.request ?? request, rejectionText(locale, saved.rejection)) };
        return dc.endDialog();
      case 'not-found':
        turn.reply = { message: t(locale, 'reply.notFound', { folio: request.folio }) };
        return dc.endDialog();
    }
  }

  private async showForm(turn: FormTurn, request: ServiceRequest, view: FormView): Promise<void> {
    turn.reply = { card: await this.port.formCard(turn, request, view) };
  }
}
