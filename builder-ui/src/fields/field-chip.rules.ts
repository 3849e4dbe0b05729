/*
 * The colours of an enum chip from its option's colour: a light tint behind dark text of the same
 * hue, so every option colour (yellow included) reads with WCAG AA contrast; grey without a colour.
 */

export interface ChipColours {
  background: string;
  text: string;
  border: string;
}

const NEUTRAL: ChipColours = { background: '#eef0f3', text: '#374151', border: '#d5d9e0' };

function rgbOf(colour: string): number[] | null {
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim())?.[1];
  if (!hex) return null;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
}

function mix(rgb: readonly number[], toward: number, share: number): string {
  const channels = rgb.map((c) => Math.round(c + (toward - c) * share));
  return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

export function chipColours(colour: string | undefined): ChipColours {
  const rgb = colour === undefined ? null : rgbOf(colour);
  if (!rgb) return NEUTRAL;
  return { background: mix(rgb, 255, 0.85), text: mix(rgb, 0, 0.6), border: mix(rgb, 255, 0.45) };
}
