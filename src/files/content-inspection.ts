import type * as FileType from 'file-type';
import type * as Sharp from 'sharp';
import { GlideError } from '../core/index.js';

/** Formats sharp decodes that browsers and the mobile SDKs display: these get dimensions and a thumbnail. */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']);
/** Decompression-bomb guard: a few KB of PNG can claim a billion pixels. */
const MAX_INPUT_PIXELS = 50_000_000;
export const UNKNOWN_TYPE = 'application/octet-stream';
export const THUMBNAIL_TYPE = 'image/webp';

export interface Inspection {
  /** From the bytes' signature; `application/octet-stream` when nothing matches (text, unknown formats). */
  type: string;
  width?: number;
  height?: number;
  thumbnail?: Buffer;
}

/**
 * file-type and sharp (with libvips, ~6 MB of mapped code) load with the first upload: a node that never
 * receives one, like every node holding idle connections, never maps them (issue 17).
 */
let libraries: Promise<[typeof FileType, typeof Sharp]> | undefined;

/** What the bytes are, never what the client said; images are decoded once for their size and a thumbnail. */
export async function inspect(bytes: Buffer, thumbnailPx: number): Promise<Inspection> {
  const [{ fileTypeFromBuffer }, { default: sharp }] = await (libraries ??= Promise.all([import('file-type'), import('sharp')]));
  const type = (await fileTypeFromBuffer(bytes))?.mime ?? UNKNOWN_TYPE;
  if (!IMAGE_TYPES.has(type)) return { type };
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, animated: false });
    const { width, height, orientation } = await image.metadata();
    // EXIF orientations 5–8 turn the picture a quarter: what people see is height × width.
    const isTurned = orientation !== undefined && orientation >= 5;
    const thumbnail = await image.rotate().resize(thumbnailPx, thumbnailPx, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 70 }).toBuffer();
    return { type, width: isTurned ? height : width, height: isTurned ? width : height, thumbnail };
  } catch (err) {
    throw new GlideError('FILE_BAD_IMAGE', `${type}: ${(err as Error).message}`, { cause: err });
  }
}
