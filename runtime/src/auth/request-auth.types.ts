/** How the caller of a request proved who they are; set by the authenticate middleware. */
export type RequestAuth =
  | {
      kind: 'session';
      /** The presented session token (kept in memory for this request only: /me derives the CSRF token from it). */
      token: string;
      /** Whether it came in the cookie (writes then needed the CSRF token) or as a bearer token. */
      viaCookie: boolean;
    }
  | { kind: 'api-token'; tokenId: string; tokenName: string };

/** A cookie session refused for a write because its CSRF token was missing or wrong. */
export interface CsrfRejection {
  userId: string;
  email: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      auth?: RequestAuth;
      csrfRejected?: CsrfRejection;
    }
  }
}
