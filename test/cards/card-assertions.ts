import type { AdaptiveCard } from '../../cards/render-card.js';

/** Teams refuses messages over about 28 KB; cards must stay far below. */
export const TEAMS_CARD_LIMIT_BYTES = 28 * 1024;

const knownTypes = new Set([
  'AdaptiveCard',
  'TextBlock',
  'RichTextBlock',
  'TextRun',
  'Image',
  'ImageSet',
  'Media',
  'Container',
  'ColumnSet',
  'Column',
  'FactSet',
  'ActionSet',
  'Table',
  'TableRow',
  'TableCell',
  'Input.Text',
  'Input.Number',
  'Input.Date',
  'Input.Time',
  'Input.Toggle',
  'Input.ChoiceSet',
  'Action.Execute',
  'Action.Submit',
  'Action.ShowCard',
  'Action.OpenUrl',
  'Action.ToggleVisibility',
]);

type Node = Record<string, unknown>;

/** Every object of the card that has a `type`, depth first (action data is not walked). */
export function typedNodes(card: unknown): Node[] {
  const found: Node[] = [];
  const walk = (value: unknown, inData: boolean) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, inData);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Node;
    if (!inData && typeof node.type === 'string') found.push(node);
    for (const [key, item] of Object.entries(node)) walk(item, inData || key === 'data');
  };
  walk(card, false);
  return found;
}

/** Every action of the card, show-card contents and the refresh action included. */
export function actionsOf(card: unknown): Node[] {
  return typedNodes(card).filter((node) => String(node.type).startsWith('Action.'));
}

/** The verbs of the card's Action.Execute buttons (the refresh action excluded). */
export function verbsOf(card: AdaptiveCard): string[] {
  const { refresh: _refresh, ...rest } = card;
  return actionsOf(rest)
    .filter((action) => action.type === 'Action.Execute')
    .map((action) => String(action.verb));
}

/** The Execute action with `verb` (the first one). */
export function executeAction(card: AdaptiveCard, verb: string): Node & { data: Record<string, unknown> } {
  const { refresh: _refresh, ...rest } = card;
  const action = actionsOf(rest).find((node) => node.type === 'Action.Execute' && node.verb === verb);
  if (!action) throw new Error(`executeAction: no Action.Execute with verb "${verb}"`);
  return action as Node & { data: Record<string, unknown> };
}

/** Every input of the card, show-card inputs included. */
export function inputsOf(card: unknown): Node[] {
  return typedNodes(card).filter((node) => String(node.type).startsWith('Input.'));
}

/** The ids of every input of the card. */
export function inputIdsOf(card: unknown): string[] {
  return inputsOf(card).map((input) => String(input.id));
}

/** The input with `id`. */
export function inputById(card: unknown, id: string): Node {
  const input = inputsOf(card).find((node) => node.id === id);
  if (!input) throw new Error(`inputById: no input "${id}"`);
  return input;
}

/** All the text a reader sees: TextBlocks, fact titles and values, action titles, input labels. */
export function visibleText(card: unknown): string {
  const parts: string[] = [];
  for (const node of typedNodes(card)) {
    for (const key of ['text', 'title', 'label', 'placeholder', 'value'] as const) {
      if (typeof node[key] === 'string') parts.push(node[key]);
    }
    if (Array.isArray(node.facts)) for (const fact of node.facts as Node[]) parts.push(`${String(fact.title)}: ${String(fact.value)}`);
  }
  return parts.join('\n');
}

/** The size of the card as sent. */
export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/**
 * The checks every card must pass: version 1.5, no unbound `${…}`, only Adaptive Cards 1.5 element
 * types, unique input ids, no `Action.Submit` (Universal Actions only) unless allowed, every
 * Execute with a verb, far under the Teams size limit.
 */
export function expectWellFormedCard(card: AdaptiveCard, options: { allowSubmit?: boolean } = {}): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  expect(JSON.stringify(card)).not.toContain('${');
  expect(JSON.stringify(card)).not.toContain('"$when"');
  expect(JSON.stringify(card)).not.toContain('"$data"');
  const types = typedNodes(card).map((node) => String(node.type));
  expect(types.filter((type) => !knownTypes.has(type))).toEqual([]);
  const ids = inputIdsOf(card);
  expect(ids.length).toBe(new Set(ids).size);
  for (const action of actionsOf(card)) {
    if (options.allowSubmit) expect(action.type).not.toBe('Action.Execute');
    else expect(['Action.Execute', 'Action.ShowCard', 'Action.OpenUrl']).toContain(action.type);
    if (action.type === 'Action.Execute') expect(typeof action.verb).toBe('string');
  }
  expect(cardBytes(card)).toBeLessThan(TEAMS_CARD_LIMIT_BYTES);
}
