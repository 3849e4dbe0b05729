import type { Express } from 'express';

/*
 * The routes an Express 5 app really serves, read from its router stack: each mounted router's
 * layer keeps the path it was mounted at (`rawPath`), each route its own path and methods. What a
 * router declares is found this way whether or not anyone remembered to list it.
 */

export interface MountedRoute {
  method: string;
  path: string;
}

function field(value: unknown, name: string): unknown {
  return (typeof value === 'object' || typeof value === 'function') && value !== null ? Reflect.get(value, name) : undefined;
}

function stackOf(router: unknown): unknown[] {
  const stack = field(router, 'stack');
  return Array.isArray(stack) ? stack : [];
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function walk(router: unknown, prefix: string, out: MountedRoute[]): void {
  for (const layer of stackOf(router)) {
    const route = field(layer, 'route');
    if (route !== undefined) {
      const path = field(route, 'path');
      const methods = field(route, 'methods');
      if (typeof path !== 'string' || typeof methods !== 'object' || methods === null) continue;
      for (const [method, on] of Object.entries(methods)) if (on === true && method !== '_all') out.push({ method, path: join(prefix, path) });
      continue;
    }
    const handle = field(layer, 'handle');
    const mountedAt = field(layer, 'rawPath');
    if (Array.isArray(field(handle, 'stack')) && typeof mountedAt === 'string') walk(handle, join(prefix, mountedAt), out);
  }
}

export function mountedRoutes(app: Express): MountedRoute[] {
  const out: MountedRoute[] = [];
  walk(field(app, 'router'), '', out);
  return out;
}
