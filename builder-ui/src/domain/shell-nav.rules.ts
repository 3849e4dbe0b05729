/*
 * The top bar's section links on a laptop: as many as fit in one row, in their order, and the rest
 * behind a "More" button (the "priority+" pattern), so thirteen sections and long Russian names no
 * longer wrap the bar into rows. The shell measures; these rules decide.
 */

/**
 * Which links stay in the row (`true`) when the links are `widths` wide, `gap` apart, in `available`
 * pixels. All fit: all stay, no "More". Otherwise room is kept for the "More" button (`moreWidth`)
 * and links leave the row highest `ranks` first (the later of equal ranks first), so the sections
 * people open all day stay in sight and the rare ones go behind "More"; at least one link stays.
 */
export function keptInRow(widths: readonly number[], ranks: readonly number[], available: number, moreWidth: number, gap: number): boolean[] {
  const kept = widths.map(() => true);
  const rowWidth = (): number => widths.reduce((sum, width, i) => (kept[i] ? sum + width + gap : sum), 0) - gap;
  if (rowWidth() <= available) return kept;
  const leaving = widths.map((_, i) => i).sort((a, b) => (ranks[b] ?? 0) - (ranks[a] ?? 0) || b - a);
  for (const index of leaving.slice(0, -1)) {
    kept[index] = false;
    if (rowWidth() + gap + moreWidth <= available) break;
  }
  return kept;
}

/**
 * Whether the page at `path` lies in the section a link opens (`target`): the same path, or (unless
 * the link is exact, as home is) a page below it. Marks the "More" button when the current section
 * is hidden behind it.
 */
export function inSection(path: string, target: string, exact = false): boolean {
  const trim = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  const here = trim(path);
  const section = trim(target);
  if (here === section) return true;
  return !exact && section !== '/' && here.startsWith(`${section}/`);
}

export interface NavGroup<T> {
  /** The heading shown above the group's links; none for the links before any group. */
  label: string | undefined;
  items: T[];
}

/** The links in runs of the same group, in their order (the phone's menu shows a heading per run). */
export function groupRuns<T extends { group?: string | undefined }>(items: readonly T[]): Array<NavGroup<T>> {
  const runs: Array<NavGroup<T>> = [];
  for (const item of items) {
    const last = runs.at(-1);
    if (last && last.label === item.group) last.items.push(item);
    else runs.push({ label: item.group, items: [item] });
  }
  return runs;
}
