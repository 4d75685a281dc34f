/**
 * A minimal PNG writer (8-bit truecolour, with or without alpha) built on node:zlib: signature,
 * IHDR, one IDAT and IEND, each chunk with its CRC-32. Used by `draw-icons.ts` to make the app
 * package's icons; nothing here knows about icons.
 */
import { deflateSync } from 'node:zlib';

/** An image in memory: rows top to bottom, pixels left to right, one byte per channel. */
export interface RasterImage {
  width: number;
  height: number;
  /** 3 = RGB (PNG colour type 2), 4 = RGBA (PNG colour type 6). */
  channels: 3 | 4;
  /** `width * height * channels` bytes. */
  pixels: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309 / ITU-T V.42, the one PNG chunks carry) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  typeAndData.copy(out, 4);
  out.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  return out;
}

function paeth(left: number, up: number, upLeft: number): number {
  const p = left + up - upLeft;
  const pa = Math.abs(p - left);
  const pb = Math.abs(p - up);
  const pc = Math.abs(p - upLeft);
  if (pa <= pb && pa <= pc) return left;
  return pb <= pc ? up : upLeft;
}

/** The five PNG filters (None, Sub, Up, Average, Paeth) applied to one scanline. */
function filterRow(type: number, row: Uint8Array, previous: Uint8Array, bpp: number): Uint8Array {
  const out = new Uint8Array(row.length);
  for (let i = 0; i < row.length; i += 1) {
    const left = i >= bpp ? row[i - bpp]! : 0;
    const up = previous[i]!;
    const upLeft = i >= bpp ? previous[i - bpp]! : 0;
    const predictor =
      type === 1 ? left : type === 2 ? up : type === 3 ? (left + up) >>> 1 : type === 4 ? paeth(left, up, upLeft) : 0;
    out[i] = (row[i]! - predictor) & 0xff;
  }
  return out;
}

/** Sum of the filtered bytes read as signed values: the usual "pick the smallest" heuristic. */
function cost(filtered: Uint8Array): number {
  let sum = 0;
  for (const byte of filtered) sum += byte < 128 ? byte : 256 - byte;
  return sum;
}

/** Encodes `image` as a PNG file; each scanline gets the filter that compresses it best. */
export function encodePng(image: RasterImage): Buffer {
  const { width, height, channels, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`encodePng: width and height must be positive integers (got ${width}×${height})`);
  }
  const stride = width * channels;
  if (pixels.length !== stride * height) {
    throw new Error(`encodePng: expected ${stride * height} pixel bytes for ${width}×${height}×${channels}, got ${pixels.length}`);
  }

  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = channels === 4 ? 6 : 2; // colour type
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method: adaptive
  header[12] = 0; // no interlace

  const raw = Buffer.alloc((stride + 1) * height);
  let previous: Uint8Array = new Uint8Array(stride);
  for (let y = 0; y < height; y += 1) {
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    let bestType = 0;
    let best = filterRow(0, row, previous, channels);
    for (let type = 1; type <= 4; type += 1) {
      const candidate = filterRow(type, row, previous, channels);
      if (cost(candidate) < cost(best)) {
        best = candidate;
        bestType = type;
      }
    }
    raw[y * (stride + 1)] = bestType;
    raw.set(best, y * (stride + 1) + 1);
    previous = row;
  }

  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
