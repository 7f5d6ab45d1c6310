import { describe, expect, it } from 'vitest';
import { createLayout, slotAccepts } from '../../src/assemble/index.js';
import { PlacementReason } from '../../src/select/mailerPlan.js';

describe('createLayout', () => {
  it('createLayout() defaults to 6 targeted slots, no sensitive lead, creative "standard"', () => {
    const l = createLayout();
    expect(l.slots).toEqual([{ kind: 'targeted', sensitive: false }, ...Array(5).fill({ kind: 'targeted', sensitive: true })]);
    expect(l.defaultCreative).toBe('standard');
    expect(l.creatives).toEqual({});
    expect(l.id).toMatch(/^layout-[0-9a-f]{12}$/);
    expect(Object.isFrozen(l) && Object.isFrozen(l.slots) && Object.isFrozen(l.slots[0])).toBe(true);
  });

  it('createLayout(options) derives a stable id from the slots only', () => {
    const a = createLayout({ targeted: 3, generic: 1 });
    expect(createLayout({ slots: ['targeted', 'targeted', 'targeted', 'generic'], creatives: { x: 'y' } }).id).toBe(a.id);
    expect(createLayout({ targeted: 3, generic: 2 }).id).not.toBe(a.id);
    expect(createLayout({ targeted: 2, generic: 2 }).id).not.toBe(a.id);
    expect(createLayout({ targeted: 3, generic: 1, id: 'spring-2025' }).id).toBe('spring-2025');
  });

  it('createLayout(options) refuses a sensitive lead slot, unknown kinds and bad sizes', () => {
    expect(() => createLayout({ slots: [{ kind: 'targeted', sensitive: true }] })).toThrow(TypeError);
    expect(() => createLayout({ slots: ['banner' as 'targeted'] })).toThrow(/expected one of targeted, generic/);
    expect(() => createLayout({ slots: [] })).toThrow(RangeError);
    expect(() => createLayout({ targeted: -1 })).toThrow(RangeError);
    expect(() => createLayout({ creatives: { family: '' } })).toThrow(TypeError);
  });

  it('slotAccepts(kind) lets generic slots hold no relevance-chosen offer', () => {
    const has = (kind: 'targeted' | 'generic', r: number) => (slotAccepts(kind) & (1 << r)) !== 0;
    for (const r of Object.values(PlacementReason)) expect(has('targeted', r)).toBe(true);
    expect(has('generic', PlacementReason.targeted)).toBe(false);
    expect(has('generic', PlacementReason.discovery)).toBe(false);
    for (const r of [PlacementReason.generic, PlacementReason.fallback, PlacementReason.decoy, PlacementReason.cover]) expect(has('generic', r)).toBe(true);
  });
});
