import { describe, expect, it } from '@jest/globals';
import { departmentName, escapeHtml, renderMail } from '../../../services/notifications/mail-templates.js';

const text = {
  subject: 'Su solicitud VC-2026-0042 necesita información',
  body: 'Para continuar con su solicitud necesitamos lo siguiente:\n\nLa dirección IP del códec\ny el horario de prueba.\n\nResponda antes del jueves.',
};

describe('the mail layout', () => {
  it('makes paragraphs of blank-line separated blocks and line breaks of single ones', () => {
    const { html } = renderMail(text, { locale: 'es', folio: 'VC-2026-0042' });
    const paragraphs = [...html.matchAll(/<p style="[^"]*">([\s\S]*?)<\/p>/g)].map((match) => match[1]);
    expect(paragraphs.slice(0, 3)).toEqual([
      'Para continuar con su solicitud necesitamos lo siguiente:',
      'La dirección IP del códec<br>\ny el horario de prueba.',
      'Responda antes del jueves.',
    ]);
  });

  it('shows the department, the folio and the automatic-message footer, in Spanish by default', () => {
    const { subject, html, text: plain } = renderMail(text, { locale: 'es', folio: 'VC-2026-0042' });
    expect(subject).toBe(text.subject);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="es">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('Departamento de Redes y Telecomunicaciones — Servicios de Videoconferencia');
    expect(html).toContain('Folio: <strong style="color:#1f2328">VC-2026-0042</strong>');
    expect(html).toContain('Este es un mensaje automático');
    expect(plain).toBe(
      `${text.body}\n\nFolio: VC-2026-0042\n\n-- \n${departmentName.es}\nEste es un mensaje automático de la mesa de servicios de videoconferencia.\n`,
    );
  });

  it('speaks English when asked', () => {
    const { html, text: plain } = renderMail({ subject: 'Your request', body: 'Done.' }, { locale: 'en', folio: 'TC-2026-0007', link: 'https://teams.microsoft.com/l/entity/x?context=%7B%7D' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Networks and Telecommunications Department — Videoconference Services');
    expect(html).toContain('This is an automatic message');
    expect(html).toContain('>View the request</a>');
    expect(plain).toContain('View the request: https://teams.microsoft.com/l/entity/x?context=%7B%7D');
  });

  it('adds a button for an http(s) link, escaped in the attribute', () => {
    const { html } = renderMail(text, { locale: 'es', folio: 'F', link: 'https://desk.example.org/requests/1?a=1&b="2"' });
    expect(html).toContain('href="https://desk.example.org/requests/1?a=1&#38;b=%222%22"');
    expect(html).toContain('>Ver la solicitud</a>');
  });

  it('leaves out a link of another scheme, and no link means no button', () => {
    expect(renderMail(text, { locale: 'es', folio: 'F', link: 'javascript:alert(1)' }).html).not.toContain('<a ');
    expect(renderMail(text, { locale: 'es', folio: 'F', link: 'not a url' }).html).not.toContain('<a ');
    expect(renderMail(text, { locale: 'es', folio: 'F' }).html).not.toContain('<a ');
  });

  it('escapes everything the user wrote', () => {
    const hostile = {
      subject: 'Evento <img src=x onerror=alert(1)>',
      body: 'Descripción: <script>alert("x")</script> & <b>negritas</b>\n\n\'comillas\'',
    };
    const { html, text: plain, subject } = renderMail(hostile, { locale: 'es', folio: '<i>VC</i>' });
    expect(html).not.toMatch(/<script|<img|<b>|<i>/);
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;b&#62;negritas&#60;/b&#62;');
    expect(html).toContain('&#39;comillas&#39;');
    expect(html).toContain('<title>Evento &#60;img src=x onerror=alert(1)&#62;</title>');
    expect(html).toContain('&#60;i&#62;VC&#60;/i&#62;');
    expect(plain).toContain('<script>alert("x")</script>');
    expect(subject).toBe(hostile.subject);
  });

  it('keeps the subject on one line and normalises CRLF in the body', () => {
    const { subject, text: plain, html } = renderMail({ subject: 'Uno\r\nBcc: x@example.org', body: 'a\r\nb\r\n\r\nc' }, { locale: 'es', folio: 'F' });
    expect(subject).toBe('Uno Bcc: x@example.org');
    expect(plain.startsWith('a\nb\n\nc\n')).toBe(true);
    expect(html).not.toContain('\r');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});
