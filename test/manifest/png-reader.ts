/**
 * An independent PNG reader for the icon tests (it shares no code with `manifest/png.ts`): checks
 * the signature and every chunk's CRC (against node:zlib's crc32), reads IHDR, inflates the
 * concatenated IDAT chunks and undoes the five scanline filters. Non-interlaced 8-bit truecolour
 * and greyscale only, which is what the icons use.
 */
import { crc32, inflateSync } from 'node:zlib';

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colorType: number;
  interlace: number;
}

export interface DecodedPng extends PngHeader {
  channels: number;
  /** Unfiltered pixel bytes, `width * height * channels`. */
  pixels: Uint8Array;
  chunkTypes: string[];
  /** The filter type (0–4) of each scanline. */
  rowFilters: number[];
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Reads the header only (signature + IHDR). */
export function readPngHeader(file: Buffer): PngHeader {
  SIGNATURE.forEach((byte, i) => {
    if (file[i] !== byte) throw new Error('png-reader: not a PNG signature');
  });
  if (file.toString('latin1', 12, 16) !== 'IHDR') throw new Error('png-reader: first chunk is not IHDR');
  return {
    width: file.readUInt32BE(16),
    height: file.readUInt32BE(20),
    bitDepth: file[24]!,
    colorType: file[25]!,
    interlace: file[28]!,
  };
}

/** Decodes the whole image. */
export function decodePng(file: Buffer): DecodedPng {
  const header = readPngHeader(file);
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let offset = 8;
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    const storedCrc = file.readUInt32BE(offset + 8 + length);
    if (crc32(file.subarray(offset + 4, offset + 8 + length)) !== storedCrc) {
      throw new Error(`png-reader: bad CRC in chunk ${type}`);
    }
    chunkTypes.push(type);
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  if (header.bitDepth !== 8 || header.interlace !== 0 || !(header.colorType in CHANNELS)) {
    throw new Error(`png-reader: unsupported format (depth ${header.bitDepth}, colour type ${header.colorType}, interlace ${header.interlace})`);
  }
  const channels = CHANNELS[header.colorType]!;
  const stride = header.width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== (stride + 1) * header.height) {
    throw new Error(`png-reader: IDAT inflates to ${raw.length} bytes, expected ${(stride + 1) * header.height}`);
  }
  const pixels = new Uint8Array(stride * header.height);
  const rowFilters: number[] = [];
  for (let y = 0; y < header.height; y += 1) {
    const filter = raw[y * (stride + 1)]!;
    rowFilters.push(filter);
    for (let i = 0; i < stride; i += 1) {
      const value = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? pixels[y * stride + i - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels]! : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >>> 1; break;
        case 4: predictor = paeth(a, b, c); break;
        default: throw new Error(`png-reader: unknown filter ${filter} on row ${y}`);
      }
      pixels[y * stride + i] = (value + predictor) & 0xff;
    }
  }
  return { ...header, channels, pixels, chunkTypes, rowFilters };
}
