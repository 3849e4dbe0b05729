import type { Figure } from './figure.types.js';

/*
 * One line per figure:
 *   postgres  routed-create  req/s      612.3 | baseline bare node:http + pg 2410.0 | ratio 0.25 | goal ratio ≥ 0.8: MISSED
 */

function number(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1000) return x.toFixed(0);
  if (abs >= 100) return x.toFixed(1);
  if (abs >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

export function formatFigure(f: Figure): string {
  const parts = [`${f.db.padEnd(8)} ${f.scenario.padEnd(15)} ${f.metric.padEnd(22)} ${number(f.value).padStart(9)}`];
  parts.push(f.baseline === null ? 'baseline -' : `baseline ${number(f.baseline)} (${f.baselineName ?? '?'})`);
  parts.push(f.ratio === null ? 'ratio -' : `ratio ${number(f.ratio)}`);
  if (f.goal) parts.push(`goal ${f.goal.text}: ${f.met ? 'met' : 'MISSED'}`);
  if (f.note) parts.push(f.note);
  return parts.join(' | ');
}
