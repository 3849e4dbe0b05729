import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { readUiBuild, uiSourceStamp, UI_STAMP_FILE } from './ui-build-stamp.reader.js';
import { UI_CONTENT_SECURITY_POLICY, VALIDATION_WORKER_CONTENT_SECURITY_POLICY } from './ui-static.routes.js';

/*
 * The built UI as the runtime serves it: index.html for every page path (history mode) but never
 * for /api, hashed assets cached for good, index.html revalidated, the CSP on every page; and a
 * build whose stamp does not match the sources (or that has none) is not served.
 */

function fakeRepo(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'crm-ui-build-'));
  mkdirSync(path.join(root, 'builder-ui', 'src'), { recursive: true });
  mkdirSync(path.join(root, 'builder-ui', 'dist', 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'builder-ui', 'src', 'main.ts'), 'export const v = 1;\n');
  writeFileSync(path.join(root, 'package-lock.json'), '{}\n');
  writeFileSync(path.join(root, 'builder-ui', 'dist', 'index.html'), '<!doctype html><title>CRM</title><div id="app"></div>');
  writeFileSync(path.join(root, 'builder-ui', 'dist', 'assets', 'index-AbCd1234.js'), 'console.log(1);');
  writeFileSync(path.join(root, 'builder-ui', 'dist', 'assets', 'definition-validate.worker-EfGh5678.js'), 'self.onmessage = null;');
  writeFileSync(path.join(root, 'builder-ui', 'dist', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return root;
}

function stampBuild(root: string, stamp: string): void {
  writeFileSync(path.join(root, 'builder-ui', 'dist', UI_STAMP_FILE), JSON.stringify({ stamp }));
}

describe('the built UI, served', () => {
  let root: string;
  let rt: TestRuntime;
  const get = (p: string) => fetch(rt.baseUrl + p);

  beforeAll(async () => {
    root = fakeRepo();
    stampBuild(root, uiSourceStamp(root));
    const ui = readUiBuild(root);
    expect(ui.kind).toBe('fresh');
    rt = await startTestRuntime('pglite', { ui });
  });
  afterAll(async () => {
    await rt?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers every page path of both trees with index.html, revalidated, under the CSP', async () => {
    for (const page of ['/', '/builder', '/builder/processes', '/deals/123?tab=history']) {
      const res = await get(page);
      expect(res.status, page).toBe(200);
      expect(await res.text()).toContain('<div id="app">');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      // No document may generate code, the builder's (an administrator's session) least of all.
      expect(res.headers.get('content-security-policy')).toBe(UI_CONTENT_SECURITY_POLICY);
    }
    expect(UI_CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(UI_CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(VALIDATION_WORKER_CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'unsafe-eval'");
  });

  it('caches hashed assets for good and other files until revalidated', async () => {
    const asset = await get('/assets/index-AbCd1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await get('/favicon.svg')).headers.get('cache-control')).toBe('no-cache');
  });

  it('serves the builder\'s validation worker, and it alone, under a policy that lets Ajv compile', async () => {
    const worker = await get('/assets/definition-validate.worker-EfGh5678.js');
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-security-policy')).toBe(VALIDATION_WORKER_CONTENT_SECURITY_POLICY);
    expect((await get('/assets/index-AbCd1234.js')).headers.get('content-security-policy')).toBe(UI_CONTENT_SECURITY_POLICY);
  });

  it('keeps /api answering JSON and a missing asset a 404', async () => {
    const api = await get('/api/no-such-thing');
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await get('/api')).status).toBe(404);
    expect((await get('/assets/gone-XyZw9876.js')).status).toBe(404);
    expect((await get('/api/health')).status).toBe(200);
  });
});

describe('a build that does not match the sources', () => {
  it('is stale once a source changes, and missing without its stamp', () => {
    const root = fakeRepo();
    try {
      expect(readUiBuild(root).kind).toBe('missing');
      stampBuild(root, uiSourceStamp(root));
      expect(readUiBuild(root).kind).toBe('fresh');
      // Tests and docs are not build inputs; a source, the lock file and the UI's config are.
      writeFileSync(path.join(root, 'builder-ui', 'src', 'main.test.ts'), 'test');
      expect(readUiBuild(root).kind).toBe('fresh');
      writeFileSync(path.join(root, 'package-lock.json'), '{"changed":true}\n');
      const stale = readUiBuild(root);
      expect(stale.kind).toBe('stale');
      expect(stale.kind === 'stale' && stale.message).toContain('npm start');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is not served: the pages say why, the API keeps working', async () => {
    const root = fakeRepo();
    stampBuild(root, 'a-stamp-of-other-sources');
    const rt = await startTestRuntime('pglite', { ui: readUiBuild(root) });
    try {
      const page = await fetch(`${rt.baseUrl}/builder`);
      expect(page.status).toBe(503);
      expect(await page.text()).toMatch(/made from other sources.*npm start/s);
      expect((await fetch(`${rt.baseUrl}/assets/index-AbCd1234.js`)).status).toBe(503);
      expect((await fetch(`${rt.baseUrl}/api/health`)).status).toBe(200);
    } finally {
      await rt.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
