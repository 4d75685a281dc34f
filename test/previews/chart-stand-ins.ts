/**
 * The official Adaptive Cards renderer has no `Chart.*` elements (Teams draws them itself), so the
 * README's picture of the report card replaces each chart by an `Image` of a plain SVG drawing of
 * the same data: bars, a donut, lines. Only for the pictures; the card sent to Teams is unchanged.
 */

const palette = ['#5b5fc7', '#e8912d', '#2f9e8f', '#c4314b', '#8a6bb1', '#4f6bed', '#9a7d0a', '#7a7574'];

interface Point {
  x?: unknown;
  y?: unknown;
  legend?: unknown;
  value?: unknown;
  values?: Point[];
}

const escapeXml = (text: unknown) => String(text ?? '').replace(/[<>&"]/g, (character) => `&#${character.charCodeAt(0)};`);
const numberOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : Number(value) || 0);

function svg(width: number, height: number, body: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="Segoe UI, sans-serif" font-size="11">${body}</svg>`).toString('base64')}`;
}

function verticalBars(points: Point[]): string {
  const max = Math.max(1, ...points.map((point) => numberOf(point.y)));
  const width = 420;
  const step = width / Math.max(1, points.length);
  const bars = points.map((point, index) => {
    const height = (numberOf(point.y) / max) * 110;
    const x = index * step + step * 0.2;
    return `<rect x="${x}" y="${130 - height}" width="${step * 0.6}" height="${height}" fill="${palette[index % palette.length]}"/><text x="${x + step * 0.3}" y="146" text-anchor="middle">${escapeXml(point.x)}</text><text x="${x + step * 0.3}" y="${126 - height}" text-anchor="middle">${escapeXml(point.y)}</text>`;
  });
  return svg(width, 152, bars.join(''));
}

function horizontalBars(points: Point[]): string {
  const max = Math.max(1, ...points.map((point) => numberOf(point.y)));
  const rows = points.map((point, index) => {
    const length = (numberOf(point.y) / max) * 200;
    const y = index * 20;
    return `<text x="0" y="${y + 13}">${escapeXml(String(point.x ?? '').slice(0, 32))}</text><rect x="190" y="${y + 3}" width="${Math.max(1, length)}" height="13" fill="${palette[0]}"/><text x="${196 + length}" y="${y + 13}">${escapeXml(point.y)}</text>`;
  });
  return svg(420, Math.max(20, points.length * 20), rows.join(''));
}

function donut(points: Point[]): string {
  const total = points.reduce((sum, point) => sum + numberOf(point.value), 0) || 1;
  let angle = -Math.PI / 2;
  const arcs = points.map((point, index) => {
    const share = numberOf(point.value) / total;
    const end = angle + share * 2 * Math.PI;
    const large = share > 0.5 ? 1 : 0;
    const [x1, y1, x2, y2] = [70 + 55 * Math.cos(angle), 70 + 55 * Math.sin(angle), 70 + 55 * Math.cos(end - 1e-6), 70 + 55 * Math.sin(end - 1e-6)];
    angle = end;
    return `<path d="M ${x1} ${y1} A 55 55 0 ${large} 1 ${x2} ${y2}" stroke="${palette[index % palette.length]}" stroke-width="22" fill="none"/><rect x="150" y="${index * 18 + 10}" width="10" height="10" fill="${palette[index % palette.length]}"/><text x="166" y="${index * 18 + 19}">${escapeXml(point.legend)} (${escapeXml(point.value)})</text>`;
  });
  return svg(420, Math.max(140, points.length * 18 + 20), arcs.join(''));
}

function lines(series: Point[]): string {
  const all = series.flatMap((line) => line.values ?? []);
  const max = Math.max(1, ...all.map((point) => numberOf(point.y)));
  const length = Math.max(2, ...series.map((line) => (line.values ?? []).length));
  const paths = series.map((line, index) => {
    const points = (line.values ?? []).map((point, at) => `${20 + (at / (length - 1)) * 390},${120 - (numberOf(point.y) / max) * 100}`);
    return `<polyline points="${points.join(' ')}" fill="none" stroke="${palette[index % palette.length]}" stroke-width="2"/><text x="${20 + index * 120}" y="140" fill="${palette[index % palette.length]}">${escapeXml(line.legend)}</text>`;
  });
  return svg(420, 146, `<line x1="20" y1="120" x2="410" y2="120" stroke="#999"/>${paths.join('')}`);
}

function drawing(element: { type: string; data?: Point[] }): string | undefined {
  const data = Array.isArray(element.data) ? element.data : [];
  switch (element.type) {
    case 'Chart.VerticalBar':
      return verticalBars(data);
    case 'Chart.HorizontalBar':
      return horizontalBars(data);
    case 'Chart.Donut':
    case 'Chart.Pie':
      return donut(data);
    case 'Chart.Line':
      return lines(data);
    case 'Chart.VerticalBar.Grouped':
      return horizontalBars(data.flatMap((group) => (group.values ?? []).map((point) => ({ x: `${String(group.legend ?? '')} · ${String(point.x ?? '')}`, y: point.y }))));
    default:
      return undefined;
  }
}

/** A copy of `card` with each `Chart.*` element drawn as an image (its title above it). */
export function withChartStandIns(card: unknown): unknown {
  if (Array.isArray(card)) return card.map(withChartStandIns);
  if (!card || typeof card !== 'object') return card;
  const element = card as { type?: unknown; title?: unknown; data?: Point[] };
  if (typeof element.type === 'string' && element.type.startsWith('Chart.')) {
    const url = drawing(element as { type: string; data?: Point[] });
    if (url) {
      return {
        type: 'Container',
        items: [
          { type: 'TextBlock', text: String(element.title ?? ''), weight: 'bolder', size: 'small', wrap: true },
          { type: 'Image', url, altText: String(element.title ?? '') },
        ],
      };
    }
  }
  return Object.fromEntries(Object.entries(card).map(([key, value]) => [key, withChartStandIns(value)]));
}
