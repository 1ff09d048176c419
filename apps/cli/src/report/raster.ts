// An RGB raster to draw report pictures on: rectangles, blits of other rasters, and text in the 5x7 font.
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyph, textWidth } from './font';

export type Rgb = readonly [number, number, number];

export class Raster {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [0, 0, 0],
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new Error(`Raster: size must be positive integers, got ${width}x${height}`);
    }
    this.data = new Uint8Array(width * height * 3);
    this.fill(0, 0, width, height, background);
  }

  setPixel(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const o = (y * this.width + x) * 3;
    this.data[o] = c[0];
    this.data[o + 1] = c[1];
    this.data[o + 2] = c[2];
  }

  fill(x0: number, y0: number, w: number, h: number, c: Rgb): void {
    for (let y = Math.max(0, y0); y < Math.min(this.height, y0 + h); y++) {
      for (let x = Math.max(0, x0); x < Math.min(this.width, x0 + w); x++) this.setPixel(x, y, c);
    }
  }

  /** Copies another raster with its top-left corner at (x0, y0), clipped to this one. */
  blit(src: Raster, x0: number, y0: number): void {
    for (let y = 0; y < src.height; y++) {
      const ty = y0 + y;
      if (ty < 0 || ty >= this.height) continue;
      for (let x = 0; x < src.width; x++) {
        const tx = x0 + x;
        if (tx < 0 || tx >= this.width) continue;
        const s = (y * src.width + x) * 3;
        const t = (ty * this.width + tx) * 3;
        this.data[t] = src.data[s];
        this.data[t + 1] = src.data[s + 1];
        this.data[t + 2] = src.data[s + 2];
      }
    }
  }

  /** Draws `text` with its top-left corner at (x, y); returns the width drawn. */
  text(x: number, y: number, text: string, c: Rgb, scale = 1): number {
    for (let i = 0; i < text.length; i++) {
      const rows = glyph(text[i]);
      const left = x + i * GLYPH_ADVANCE * scale;
      for (let r = 0; r < GLYPH_HEIGHT; r++) {
        for (let b = 0; b < GLYPH_WIDTH; b++) {
          if ((rows[r] >> (GLYPH_WIDTH - 1 - b)) & 1)
            this.fill(left + b * scale, y + r * scale, scale, scale, c);
        }
      }
    }
    return textWidth(text, scale);
  }
}

/** `text` shortened with a trailing '..' so that it fits `width` pixels at `scale`. */
export function fitText(text: string, width: number, scale = 1): string {
  if (textWidth(text, scale) <= width) return text;
  let n = text.length;
  while (n > 0 && textWidth(`${text.slice(0, n)}..`, scale) > width) n--;
  return n > 0 ? `${text.slice(0, n)}..` : '';
}
