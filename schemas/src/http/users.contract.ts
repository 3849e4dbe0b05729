/*
 * /api/users (runtime/src/people/users.routes.ts) as pickers read it: every signed-in person may
 * list people and sees {id, name, email, team} of the others; admins get more of each person (the
 * full user), which still has these fields.
 */

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  /** The team's id. */
  team: string | null;
}

/** GET /api/users: a page of people and the cursor of the next one (null: the last page). */
export interface UserSummaryPage {
  data: UserSummary[];
  nextCursor: string | null;
}
