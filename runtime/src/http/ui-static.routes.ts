import path from 'node:path';
import express, { Router, type Response } from 'express';
import type { UiBuildState } from './ui-build-stamp.reader.js';

/*
 * The built UI at / (workspace) and /builder/** (builder): files from builder-ui/dist, and every
 * other GET outside /api answered with index.html so the router in the page picks the screen
 * (history mode). Mounted after /api, whose unknown paths stay JSON 404s.
 *
 * Caching: Vite names assets by content hash (assets/*-<hash>.js), so they never change and are
 * cached for a year; index.html (which names the current hashes) is revalidated on every load.
 * CSP: scripts from this origin only, no eval (messages are precompiled at build time, the
 * definition's shape validators are generated ahead of time); naive-ui writes its styles into
 * <style> tags at run time, hence 'unsafe-inline' for styles only. Both trees' documents, the
 * builder's as much as the workspace's, run under it: the builder is where an XSS would do the
 * most harm (an administrator's session), so the one thing that still generates code, the
 * draft's validation, runs in a worker whose script alone is served with 'unsafe-eval'.
 */

export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  // The template editor previews a PDF it fetched (with the CSRF header a POST needs) from a blob: URL of this page.
  "frame-src 'self' blob:",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/*
 * The builder validates the draft in a module worker (builder-ui/src/workers/definition-validate.*).
 * Its shape validators come precompiled, but the semantic checks still compile what an analyst
 * declares (a step's output schema) with Ajv, which generates code. A worker runs under the policy
 * its own script is served with, so that one chunk, and no document, is served with
 * 'unsafe-eval'. Vite names it after the worker's file.
 */
export const VALIDATION_WORKER_CONTENT_SECURITY_POLICY = UI_CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'");
const VALIDATION_WORKER_ASSET = /[\\/]assets[\\/]definition-validate\.worker-[A-Za-z0-9_-]{8,}\.js$/;

function uiHeaders(res: Response, policy: string = UI_CONTENT_SECURITY_POLICY): void {
  res.setHeader('Content-Security-Policy', policy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
}

const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export function uiStaticRoutes(build: UiBuildState): Router {
  const router = Router();
  if (build.kind !== 'fresh') {
    // The API keeps working; the pages say why there is no UI instead of serving an old one.
    router.get(/^(?!\/api(\/|$)).*/, (_req, res) => {
      uiHeaders(res);
      res.status(503).type('text/plain; charset=utf-8').setHeader('Cache-Control', 'no-store');
      res.send(`${build.message}\n`);
    });
    return router;
  }
  const indexHtml = path.join(build.distDir, 'index.html');
  router.use(
    express.static(build.distDir, {
      index: false,
      fallthrough: true,
      setHeaders(res, file) {
        uiHeaders(res, VALIDATION_WORKER_ASSET.test(file) ? VALIDATION_WORKER_CONTENT_SECURITY_POLICY : UI_CONTENT_SECURITY_POLICY);
        res.setHeader('Cache-Control', HASHED_ASSET.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  router.get(/^(?!\/api(\/|$)).*/, (req, res, next) => {
    // A missing file with an extension (a stale /assets/x.js after a deploy) is a 404, not the page.
    if (/\.[a-z0-9]+$/i.test(req.path) && !req.path.endsWith('.html')) return next();
    uiHeaders(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });
  return router;
}
