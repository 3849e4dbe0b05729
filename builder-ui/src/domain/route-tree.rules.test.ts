import { describe, expect, it } from 'vitest';
import { needsNewDocument, routeTreeOf } from './route-tree.rules.js';

describe('route trees', () => {
  it('tells the builder from the workspace by the path, as the server does for its policy', () => {
    expect(routeTreeOf('/builder')).toBe('builder');
    expect(routeTreeOf('/builder/processes/route_big_deals')).toBe('builder');
    expect(routeTreeOf('/builderish')).toBe('workspace');
    expect(routeTreeOf('/')).toBe('workspace');
    expect(routeTreeOf('/sign-in')).toBe('workspace');
  });

  it('asks for a new document only when navigation crosses trees', () => {
    expect(needsNewDocument('workspace', '/builder/entities')).toBe(true);
    expect(needsNewDocument('builder', '/')).toBe(true);
    expect(needsNewDocument('builder', '/builder/roles')).toBe(false);
    expect(needsNewDocument('workspace', '/deals')).toBe(false);
  });
});
