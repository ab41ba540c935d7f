const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// Signature (8) + IHDR length and type (8) + width (4) + height (4): 24 bytes, 32 base64 chars.
const HEADER_BASE64_CHARS = 32;

/** Width and height from the PNG header, so the image gets its size before it has loaded. */
export function pngSize(base64: string): { width: number; height: number } | null {
  let header: string;
  try {
    // nbformat may wrap base64 across lines.
    header = atob(
      base64
        .slice(0, 2 * HEADER_BASE64_CHARS)
        .replace(/\s+/g, '')
        .slice(0, HEADER_BASE64_CHARS),
    );
  } catch {
    return null;
  }
  if (header.length < 24) return null;
  for (let i = 0; i < PNG_SIGNATURE.length; i++) {
    if (header.charCodeAt(i) !== PNG_SIGNATURE[i]) return null;
  }
  if (header.slice(12, 16) !== 'IHDR') return null;
  const u32 = (at: number) =>
    ((header.charCodeAt(at) << 24) >>> 0) +
    (header.charCodeAt(at + 1) << 16) +
    (header.charCodeAt(at + 2) << 8) +
    header.charCodeAt(at + 3);
  return { width: u32(16), height: u32(20) };
}

/** Images smaller than this (MNIST digits are 28×28) are scaled up to be seen at all. */
export const MIN_DISPLAY_PX = 112;

/**
 * Scales tiny images up by a whole factor, so every source pixel stays a crisp square when drawn
 * with `image-rendering: pixelated`; larger images keep their own size.
 */
export function displaySize(
  width: number,
  height: number,
  minPx = MIN_DISPLAY_PX,
): { width: number; height: number; pixelated: boolean } {
  const longest = Math.max(width, height);
  if (longest <= 0 || longest >= minPx) return { width, height, pixelated: false };
  const scale = Math.ceil(minPx / longest);
  return { width: width * scale, height: height * scale, pixelated: true };
}
