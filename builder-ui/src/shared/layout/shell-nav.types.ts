import type { RouteLocationRaw } from 'vue-router';

/** A section link of the top bar (laptop) and of the menu (phone). */
export interface ShellNavItem {
  to: RouteLocationRaw;
  label: string;
  /** Active only on that very page (home), not on the pages below it. */
  exact?: boolean;
  /** The heading the phone's menu shows above the run of links with this group. */
  group?: string;
  /**
   * When the laptop's row is too narrow, links leave it for "More" highest rank first (0, the
   * default, stays longest; see keptInRow in domain/shell-nav.rules.ts).
   */
  rank?: number;
}
