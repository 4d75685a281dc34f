import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LINK_TTL_MS } from '../../../services/records/signed-links.js';
import type { ServiceRequest } from '../../../services/requests/request-types.js';
import { linkQuery, openClockedDesk } from '../../support/report-fixture.js';
import { people } from '../../support/service-desk-fixture.js';

const head = { id: 'head-1', name: 'Hugo Estrada', email: 'head@uni.example' };
const march = { firstDay: '2026-03-01', lastDay: '2026-03-31' };

/** The link with one query value replaced. */
function altered(url: string, name: string, value: string): Record<string, string[]> {
  const query = linkQuery(url);
  query[name] = [value];
  return query;
}

describe('document links: signed for one person, expiring in minutes', () => {
  let desk: Awaited<ReturnType<typeof openClockedDesk>>;
  let request: ServiceRequest;
  let otherRequest: ServiceRequest;
  const issuedAt = new Date('2026-12-01T16:00:00Z');

  beforeAll(async () => {
    desk = await openClockedDesk(import.meta.url);
    request = await desk.register('2026-03-03T10:00:00-06:00', { service: 'VC' });
    otherRequest = await desk.register('2026-03-03T11:00:00-06:00', { service: 'VC', requester: people.stranger });
    desk.setLinkClock(issuedAt);
  }, 60_000);

  afterAll(async () => {
    await desk?.close();
  });

  const serve = (query: Record<string, string[]>, at = issuedAt) => {
    desk.setLinkClock(at);
    return desk.documents.serve(query);
  };

  it('opens the document for the person it names, in their language, until it expires ten minutes later', async () => {
    const record = desk.documents.recordLinks(request.id, people.requester.id, 'es')!;
    expect(record.html.url.startsWith('https://desk.example.edu/documentos?')).toBe(true);
    expect(record.html.expiresAt.getTime()).toBe(issuedAt.getTime() + LINK_TTL_MS);
    const page = await serve(linkQuery(record.html.url), new Date(issuedAt.getTime() + LINK_TTL_MS - 1000));
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' });
    expect(page.headers?.['Content-Security-Policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(String(page.body)).toContain(`Expediente de la solicitud ${request.folio}`);
    const pdf = await serve(linkQuery(record.pdf.url));
    expect(pdf.status).toBe(200);
    expect(pdf.headers?.['Content-Disposition']).toMatch(new RegExp(`^attachment; filename="expediente-${request.folio}-\\d{8}T\\d{4}\\.pdf"$`));
    const english = desk.documents.recordLinks(request.id, people.requester.id, 'en')!;
    expect(String((await serve(linkQuery(english.html.url))).body)).toContain(`Record of request ${request.folio}`);
  });

  it('is refused once expired', async () => {
    const record = desk.documents.recordLinks(request.id, people.requester.id, 'es')!;
    const report = desk.documents.reportLinks(march, head.id, 'es')!;
    const late = new Date(issuedAt.getTime() + LINK_TTL_MS + 1000);
    expect((await serve(linkQuery(record.pdf.url), late)).status).toBe(403);
    expect((await serve(linkQuery(report.xlsx.url), late)).status).toBe(403);
  });

  it('is refused when any part of it is altered: the document, the expiry, the language, the signature', async () => {
    const record = desk.documents.recordLinks(request.id, people.requester.id, 'es')!;
    const report = desk.documents.reportLinks(march, head.id, 'es')!;
    const url = record.html.url;
    const code = linkQuery(url).d![0]!;
    const later = String(Number(linkQuery(url).e![0]) + 3600);
    for (const query of [
      altered(url, 'd', code.replace(request.id, otherRequest.id)),
      altered(url, 'd', code.replace('html', 'pdf')),
      altered(url, 'e', later),
      altered(url, 'l', 'en'),
      altered(url, 's', `${linkQuery(url).s![0]!.slice(0, -2)}AA`),
      altered(report.csv.url, 'd', 'reporte.csv.2020-01-01.2026-12-31'),
    ]) {
      expect((await serve(query)).status).toBe(403);
    }
  });

  it('is refused for another person: the person named is part of what is signed', async () => {
    const mine = desk.documents.recordLinks(request.id, people.requester.id, 'es')!;
    // The stranger puts their own id in the requester's link (or the head's in an ASV's report link): the signature no longer holds.
    expect((await serve(altered(mine.html.url, 'p', people.stranger.id))).status).toBe(403);
    const asvReport = desk.documents.reportLinks(march, people.asv.id, 'es')!;
    expect((await serve(altered(asvReport.xlsx.url, 'p', head.id))).status).toBe(403);
  });

  it('is refused when the person it names may not see the document (checked again when it is opened)', async () => {
    // Signed for people who may not see these documents: the link proves who it is for, not that they may.
    expect((await serve(linkQuery(desk.documents.recordLinks(otherRequest.id, people.requester.id, 'es')!.html.url))).status).toBe(403);
    for (const person of [people.hd, people.dau, people.requester, people.stranger]) {
      expect((await serve(linkQuery(desk.documents.reportLinks(march, person.id, 'es')!.csv.url))).status).toBe(403);
    }
    for (const person of [head, people.asv]) {
      expect((await serve(linkQuery(desk.documents.reportLinks(march, person.id, 'es')!.csv.url))).status).toBe(200);
    }
    // Staff see every record.
    expect((await serve(linkQuery(desk.documents.recordLinks(otherRequest.id, people.dau.id, 'es')!.html.url))).status).toBe(200);
  });

  it('refuses a query that is not a link: missing or repeated fields, unknown fields', async () => {
    const url = desk.documents.recordLinks(request.id, people.requester.id, 'es')!.html.url;
    const query = linkQuery(url);
    const { s: _signature, ...unsigned } = query;
    expect((await serve(unsigned)).status).toBe(400);
    expect((await serve({ ...query, p: [people.requester.id, people.stranger.id] })).status).toBe(400);
    expect((await serve({ ...query, extra: ['1'] })).status).toBe(400);
    expect((await serve({ ...query, d: ['expediente.html.{"$ne":1}'] })).status).toBe(400);
  });
});
