/**
 * Draws the Teams app icons and writes them beside the manifest template:
 *
 * - `color.png`, 192×192 RGB: a white video-camera glyph (body and lens horn) centred in a
 *   120×120 safe area on the department colour, edges anti-aliased with 4×4 supersampling;
 * - `outline.png`, 32×32 RGBA: the same glyph in white on a transparent background, every
 *   pixel either opaque white or fully transparent (as Teams asks of outline icons).
 *
 * The PNG files are committed; run this again only to change them:
 *
 *     npx tsc -p tsconfig.json && node dist/manifest/draw-icons.js
 *
 * It writes to `<repo>/manifest/` (or to the folder given as its first argument).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng, type RasterImage } from './png.js';
import { findRepoRoot } from './repo-root.js';

/** The department colour: the colour icon's background and the manifest's `accentColor`. */
export const ACCENT_COLOR = '#1B4F8A';

/** The glyph is drawn in a 120×120 design box; these are its shapes in that box's units. */
const DESIGN_BOX = 120;
const BODY = { left: 0, top: 28, right: 82, bottom: 92, radius: 12 };
/** The lens horn: a convex quadrilateral, clockwise. */
const HORN: ReadonlyArray<readonly [number, number]> = [
  [88, 48],
  [120, 30],
  [120, 90],
  [88, 72],
];

function insideBody(x: number, y: number): boolean {
  const { left, top, right, bottom, radius } = BODY;
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function insideHorn(x: number, y: number): boolean {
  for (let i = 0; i < HORN.length; i += 1) {
    const [ax, ay] = HORN[i]!;
    const [bx, by] = HORN[(i + 1) % HORN.length]!;
    if ((bx - ax) * (y - ay) - (by - ay) * (x - ax) < 0) return false;
  }
  return true;
}

function insideGlyph(x: number, y: number): boolean {
  return insideBody(x, y) || insideHorn(x, y);
}

/** Share (0…1) of the pixel (px, py) covered by the glyph placed at `offset` with `scale`. */
function coverage(px: number, py: number, offset: number, scale: number, samples = 4): number {
  let hits = 0;
  for (let sy = 0; sy < samples; sy += 1) {
    for (let sx = 0; sx < samples; sx += 1) {
      const x = (px + (sx + 0.5) / samples - offset) / scale;
      const y = (py + (sy + 0.5) / samples - offset) / scale;
      if (insideGlyph(x, y)) hits += 1;
    }
  }
  return hits / (samples * samples);
}

function hexToRgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`draw-icons: "${hex}" is not a #rrggbb colour`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

/** The 192×192 full-colour icon: white glyph on the department colour. */
export function drawColorIcon(): RasterImage {
  const size = 192;
  const safeArea = 120;
  const offset = (size - safeArea) / 2;
  const scale = safeArea / DESIGN_BOX;
  const background = hexToRgb(ACCENT_COLOR);
  const pixels = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const c = coverage(x, y, offset, scale);
      for (let channel = 0; channel < 3; channel += 1) {
        pixels[(y * size + x) * 3 + channel] = Math.round(background[channel]! * (1 - c) + 255 * c);
      }
    }
  }
  return { width: size, height: size, channels: 3, pixels };
}

/** The 32×32 outline icon: opaque white glyph, everything else fully transparent. */
export function drawOutlineIcon(): RasterImage {
  const size = 32;
  const padding = 2;
  const scale = (size - 2 * padding) / DESIGN_BOX;
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const i = (y * size + x) * 4;
      pixels[i] = 255;
      pixels[i + 1] = 255;
      pixels[i + 2] = 255;
      pixels[i + 3] = coverage(x, y, padding, scale) >= 0.5 ? 255 : 0;
    }
  }
  return { width: size, height: size, channels: 4, pixels };
}

/** Writes `color.png` and `outline.png` into `folder`; returns their paths. */
export function writeIcons(folder: string): string[] {
  const files: Array<[string, RasterImage]> = [
    ['color.png', drawColorIcon()],
    ['outline.png', drawOutlineIcon()],
  ];
  return files.map(([name, image]) => {
    const path = join(folder, name);
    writeFileSync(path, encodePng(image));
    return path;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2] ? resolve(process.argv[2]) : join(findRepoRoot(import.meta.url), 'manifest');
  for (const path of writeIcons(folder)) console.log(`draw-icons: wrote ${path}`);
}
