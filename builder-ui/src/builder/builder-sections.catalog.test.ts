import { describe, expect, it } from 'vitest';
import { BUILDER_SECTIONS, offeredSections } from './builder-sections.catalog.js';

describe('the builder sections offered', () => {
  it('offers every section to an admin', () => {
    expect(offeredSections(BUILDER_SECTIONS, true)).toHaveLength(BUILDER_SECTIONS.length);
  });

  it('leaves the admins’ sections (runs, telephony, settings) out for a builder who is not one', () => {
    const paths = offeredSections(BUILDER_SECTIONS, false).map((section) => section.path);
    expect(paths).not.toContain('runs');
    expect(paths).not.toContain('telephony');
    expect(paths).not.toContain('settings');
    expect(paths).toEqual(expect.arrayContaining(['entities', 'processes', 'publish']));
    expect(paths).toHaveLength(BUILDER_SECTIONS.length - 3);
  });
});
