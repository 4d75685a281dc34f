import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { ACCENT_COLOR, drawColorIcon, drawOutlineIcon } from '../../manifest/draw-icons.js';
import { crc32, encodePng } from '../../manifest/png.js';
import { findRepoRoot } from '../../manifest/repo-root.js';
import { decodePng, readPngHeader } from './png-reader.js';

const manifestDir = join(findRepoRoot(import.meta.url), 'manifest');
const colorFile = readFileSync(join(manifestDir, 'color.png'));
const outlineFile = readFileSync(join(manifestDir, 'outline.png'));
const template = JSON.parse(readFileSync(join(manifestDir, 'manifest.template.json'), 'utf8')) as {
  accentColor: string;
  icons: { color: string; outline: string };
};

const COLOR_TYPE_RGB = 2;
const COLOR_TYPE_RGBA = 6;

function pixelAt(image: { width: number; channels: number; pixels: Uint8Array }, x: number, y: number): number[] {
  const i = (y * image.width + x) * image.channels;
  return Array.from(image.pixels.subarray(i, i + image.channels));
}

describe('the colour icon (manifest/color.png)', () => {
  it('is the file the manifest names, a 192×192 8-bit truecolour PNG', () => {
    expect(template.icons.color).toBe('color.png');
    expect(readPngHeader(colorFile)).toEqual({ width: 192, height: 192, bitDepth: 8, colorType: COLOR_TYPE_RGB, interlace: 0 });
  });

  it('decodes (valid CRCs, IHDR, IDAT, IEND) and is full colour on the manifest accent colour', () => {
    const image = decodePng(colorFile);
    expect(image.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
    const accent = [1, 3, 5].map((i) => parseInt(template.accentColor.slice(i, i + 2), 16));
    expect(template.accentColor).toBe(ACCENT_COLOR);
    for (const [x, y] of [[0, 0], [191, 0], [0, 191], [191, 191], [96, 10]] as const) {
      expect(pixelAt(image, x, y)).toEqual(accent);
    }
    expect(pixelAt(image, 60, 96)).toEqual([255, 255, 255]); // the camera body
    expect(pixelAt(image, 150, 96)).toEqual([255, 255, 255]); // the lens horn

    const colours = new Set<string>();
    let white = 0;
    for (let i = 0; i < image.pixels.length; i += 3) {
      const rgb = image.pixels.subarray(i, i + 3).join(',');
      colours.add(rgb);
      if (rgb === '255,255,255') white += 1;
    }
    expect(colours.size).toBeGreaterThan(2); // anti-aliased edges, not two flat colours
    expect(white / (192 * 192)).toBeGreaterThan(0.12);
    expect(white / (192 * 192)).toBeLessThan(0.4);
  });

  it('is what draw-icons.ts draws (the committed file is reproducible)', () => {
    const drawn = drawColorIcon();
    const committed = decodePng(colorFile);
    expect([committed.width, committed.height, committed.channels]).toEqual([drawn.width, drawn.height, drawn.channels]);
    expect(Buffer.from(committed.pixels).equals(Buffer.from(drawn.pixels))).toBe(true);
  });
});

describe('the outline icon (manifest/outline.png)', () => {
  it('is the file the manifest names, a 32×32 8-bit PNG with an alpha channel', () => {
    expect(template.icons.outline).toBe('outline.png');
    expect(readPngHeader(outlineFile)).toEqual({ width: 32, height: 32, bitDepth: 8, colorType: COLOR_TYPE_RGBA, interlace: 0 });
  });

  it('has only white or fully transparent pixels, some of each, and a transparent border', () => {
    const image = decodePng(outlineFile);
    expect(image.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
    const offenders: string[] = [];
    let opaque = 0;
    for (let y = 0; y < 32; y += 1) {
      for (let x = 0; x < 32; x += 1) {
        const [r, g, b, a] = pixelAt(image, x, y);
        const white = r === 255 && g === 255 && b === 255;
        if (a !== 0 && !white) offenders.push(`(${x},${y}) = ${r},${g},${b},${a}`);
        if (a !== 0 && a !== 255) offenders.push(`(${x},${y}) is partly transparent (alpha ${a})`);
        if (a === 255) opaque += 1;
        if ((x === 0 || y === 0 || x === 31 || y === 31) && a !== 0) offenders.push(`(${x},${y}) on the border is not transparent`);
      }
    }
    expect(offenders).toEqual([]);
    expect(opaque).toBeGreaterThan(32 * 32 * 0.15);
    expect(opaque).toBeLessThan(32 * 32 * 0.6);
  });

  it('is what draw-icons.ts draws (the committed file is reproducible)', () => {
    const drawn = drawOutlineIcon();
    const committed = decodePng(outlineFile);
    expect(Buffer.from(committed.pixels).equals(Buffer.from(drawn.pixels))).toBe(true);
  });
});

describe('the PNG writer (manifest/png.ts)', () => {
  it('computes the CRC-32 PNG chunks carry', () => {
    expect(crc32(Buffer.from('IEND', 'latin1'))).toBe(0xae426082);
    const bytes = Buffer.from('123456789');
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
  });

  it('round-trips noisy RGB and RGBA images through every scanline filter', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed >>> 16;
    };
    for (const channels of [3, 4] as const) {
      const width = 37;
      const height = 29;
      const pixels = new Uint8Array(width * height * channels);
      // Rows of different kinds (noise, gradients, repeats) so that every filter wins somewhere.
      for (let y = 0; y < height; y += 1) {
        for (let x = 0; x < width * channels; x += 1) {
          const kind = y % 4;
          pixels[y * width * channels + x] =
            kind === 0 ? random() & 0xff : kind === 1 ? (x * 7) & 0xff : kind === 2 ? (y * 9 + x) & 0xff : (x * y) & 0xff;
        }
      }
      const decoded = decodePng(encodePng({ width, height, channels, pixels }));
      expect(decoded.colorType).toBe(channels === 4 ? COLOR_TYPE_RGBA : COLOR_TYPE_RGB);
      expect(Buffer.from(decoded.pixels).equals(Buffer.from(pixels))).toBe(true);
      expect(new Set(decoded.rowFilters).size).toBeGreaterThanOrEqual(3);
    }
  });

  it('refuses pixel data of the wrong size', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 4, pixels: new Uint8Array(15) })).toThrow(/expected 16 pixel bytes/);
  });
});
