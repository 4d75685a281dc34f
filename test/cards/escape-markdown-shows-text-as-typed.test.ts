import { t } from '../../cards/messages.js';
import { escapeMarkdown, plainFacts, tPlain } from '../../cards/plain-text.js';

describe('escapeMarkdown', () => {
  it.each([
    ['[click](https://evil.example)', String.raw`\[click\](https://evil.example)`],
    ['**urgent**', String.raw`\*\*urgent\*\*`],
    ['_x_ and *y*', String.raw`\_x\_ and \*y\*`],
    ['~~gone~~ `code`', String.raw`\~\~gone\~\~ \`code\``],
    ['# big', String.raw`\# big`],
    ['- item', String.raw`\- item`],
    ['+ item', String.raw`\+ item`],
    ['1. item', String.raw`1\. item`],
    ['12) item', String.raw`12\) item`],
    ['> quoted', String.raw`\> quoted`],
    ['Title\n===', 'Title\n\\===' ],
    ['Title\n---', 'Title\n\\---'],
    ['<at>Boss</at>', String.raw`\<at\>Boss\</at\>`],
    ['C:\\temp\\_x', String.raw`C:\\temp\\\_x`],
    ['${request.id}', String.raw`$\{request.id\}`],
    ['{{DATE(2026-05-04T10:00:00Z, LONG)}}', String.raw`\{\{DATE(2026-05-04T10:00:00Z, LONG)\}\}`],
    ['&amp; &#60; &lt;', String.raw`\&amp; \&#60; \&lt;`],
  ])('%j is shown literally as %j', (typed, shown) => {
    expect(escapeMarkdown(typed)).toBe(shown);
  });

  it('leaves ordinary text, line breaks and punctuation inside a line alone', () => {
    const text = 'Sala 3 - planta baja, 10:00–12:00 (VC). Tom & Jerry #1 1. de mayo!\nSegunda línea';
    expect(escapeMarkdown(text)).toBe(text);
  });

  it('marks a line-start marker on every line, after indentation', () => {
    expect(escapeMarkdown('uno\n  - dos\n\t3. tres\r\n# cuatro')).toBe('uno\n  \\- dos\n\t3\\. tres\r\n\\# cuatro');
  });
});

describe('plainFacts and tPlain', () => {
  it('leave out facts without a value and escape the values, not the titles', () => {
    expect(plainFacts([['**Título**', '_valor_'], ['Vacío', ' '], ['Nada', undefined], ['Número', 25]])).toEqual([
      { title: '**Título**', value: String.raw`\_valor\_` },
      { title: 'Número', value: '25' },
    ]);
  });

  it("fill a catalogue message with people's text escaped and keep the catalogue's words", () => {
    expect(tPlain('es', 'agenda.declined', { names: '[x](y)' })).toBe(t('es', 'agenda.declined', { names: String.raw`\[x\](y)` }));
  });
});
