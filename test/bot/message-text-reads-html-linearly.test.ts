import { describe, expect, it } from '@jest/globals';
import { MAX_MESSAGE_HTML_LENGTH, mentionIdsOf, messageText, plainMessageText } from '../../bot/handlers/message-text.js';

const LIMIT = 4000;

describe('messageText', () => {
  it.each([
    ['50 000 unclosed tags', '<a'.repeat(50_000)],
    ['an unclosed tag with 50 000 attributes', '<a' + ' b'.repeat(50_000)],
    ['50 000 lone <', '<'.repeat(50_000)],
    ['5 000 nested elements', '<div>'.repeat(5_000) + 'hondo' + '</div>'.repeat(5_000)],
    ['a million characters of text', 'x'.repeat(1_000_000)],
  ])('reads %s in well under half a second, and returns at most the limit', (_name, html) => {
    const started = performance.now();
    const text = messageText(html, { maxLength: LIMIT });
    expect(performance.now() - started).toBeLessThan(500);
    expect(text.length).toBeLessThanOrEqual(LIMIT);
  });

  it('decodes entities and drops tags, link targets and image sources', () => {
    expect(messageText('<p>A &amp; B &lt;c&gt; &quot;d&quot;&nbsp;e <a href="https://x.example">enlace</a> <img src="https://x.example/e.png" alt="🙂"></p>', { maxLength: LIMIT })).toBe(
      'A & B <c> "d" e enlace 🙂',
    );
  });

  it('leaves out the mentions it is told to and keeps the others as the name', () => {
    const html = '<p><at id="0">Mesa VC</at> hola <at id="1">Luis</at> y <span itemtype="http://schema.skype.com/Mention" itemid="2">Mesa VC</span></p>';
    const drop = mentionIdsOf(
      [
        { id: 0, mentioned: { application: { id: 'app-1' } } },
        { id: 1, mentioned: {} },
        { id: 2, mentioned: { application: { id: 'app-1' } } },
      ],
      new Set(['app-1']),
    );
    expect([...drop]).toEqual(['0', '2']);
    expect(messageText(html, { maxLength: LIMIT, dropMentionIds: drop })).toBe('hola Luis y');
  });

  it('puts paragraphs, line breaks and list items on lines of their own, with at most one blank line', () => {
    expect(messageText('<div>uno</div><p>dos<br>tres</p><p></p><p></p><ul><li>cuatro</li><li>cinco</li></ul><h1>Seis</h1>', { maxLength: LIMIT })).toBe(
      'uno\n\ndos\ntres\n\n* cuatro\n* cinco\n\nSeis',
    );
  });

  it('reads only the first characters of a long message and cuts the text at the limit with an ellipsis', () => {
    const html = `<p>${'palabra '.repeat(10_000)}</p><p>FIN</p>`;
    expect(html.length).toBeGreaterThan(MAX_MESSAGE_HTML_LENGTH);
    const text = messageText(html, { maxLength: 100 });
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text.endsWith('…')).toBe(true);
    expect(messageText(html, { maxLength: 1_000_000 })).not.toContain('FIN');
  });

  it('does not split a character made of two code units when it cuts', () => {
    const text = messageText(`<p>${'😀'.repeat(10)}</p>`, { maxLength: 4 });
    expect(text).toBe('😀…');
  });
});

describe('plainMessageText', () => {
  it('tidies and bounds a plain-text body without reading it as HTML', () => {
    expect(plainMessageText('  A &amp; <b>B</b>  \r\n\r\n\r\n  C  ', LIMIT)).toBe('A &amp; <b>B</b>\n\nC');
    expect(plainMessageText(' '.repeat(100_000) + 'x', 10)).toBe('');
  });
});
