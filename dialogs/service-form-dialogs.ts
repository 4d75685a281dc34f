import { BotState, type Storage, type TurnContext } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import { serviceTypes, type ServiceType } from '../services/requests/request-types.js';
import { formTurnOf, setFormTurn, type FormTurn, type ServiceFormPort } from './form-turn.js';
import { ServiceFormDialog, serviceFormDialogId } from './service-form-dialog.js';

/**
 * Where a person's form dialog for one request is kept: per channel, request and person, so two
 * ASVs filling in the same request do not share half-typed values, and any bot instance can
 * carry on a dialog another one started.
 */
export function formStateKey(channelId: string, requestId: string, personId: string): string {
  return `${channelId}/serviceForm/${requestId}/${personId}`;
}

/**
 * The service form dialogs (one per service) and their state in the bot's `Storage`. Each form
 * click runs here: the person's dialog for the request is continued, or begun when there is none
 * (or it was for another service), and its state saved; the dialog's answer is returned.
 */
export class ServiceFormDialogs {
  private readonly state: BotState;
  private readonly dialogs: DialogSet;

  constructor(storage: Storage, port: ServiceFormPort) {
    this.state = new BotState(storage, async (context) => {
      const turn = formTurnOf(context);
      return formStateKey(context.activity.channelId ?? 'unknown', turn.request.id, turn.actor.id);
    });
    this.dialogs = new DialogSet(this.state.createProperty<DialogState>('dialogState'));
    for (const service of serviceTypes) this.dialogs.add(new ServiceFormDialog(service, port));
  }

  /** Runs the form click `turn` (its request must have a service) and returns the dialog's answer. */
  async run(context: TurnContext, turn: FormTurn & { request: { service: ServiceType } }): Promise<NonNullable<FormTurn['reply']>> {
    setFormTurn(context, turn);
    const dc = await this.dialogs.createContext(context);
    const wanted = serviceFormDialogId(turn.request.service);
    if (dc.activeDialog && dc.activeDialog.id !== wanted) await dc.cancelAllDialogs();
    if (dc.activeDialog) await dc.continueDialog();
    else await dc.beginDialog(wanted);
    if (dc.activeDialog) await this.state.saveChanges(context);
    else await this.state.delete(context);
    if (!turn.reply) throw new Error(`service form dialog ${wanted} gave no answer`);
    return turn.reply;
  }
}
