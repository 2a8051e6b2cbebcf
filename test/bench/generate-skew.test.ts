// The bench's addition to the sandbox's generator: uneven team sizes (src/sandbox/generate.ts).
import { describe, expect, it } from 'vitest';
import { teamSizes } from '../../src/sandbox/generate.js';
import { generateDomain } from '../../src/sandbox/index.js';

describe('teamSizes', () => {
  it('without skew, spreads evenly with the remainder on the first teams', () => {
    expect(teamSizes(4, 10, 100, 0)).toEqual([3, 3, 2, 2]);
    expect(teamSizes(0, 10, 100, 0)).toEqual([]);
  });

  it('with skew, gives the first teams more and keeps the total', () => {
    const sizes = teamSizes(1000, 100_000, 20_000, 0.5);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(sizes[0]).toBe(1619);
    expect(sizes[999]).toBe(51);
    for (let t = 1; t < sizes.length; t++) expect(sizes[t]).toBeLessThanOrEqual(sizes[t - 1]!);
  });

  it('never puts more members in a team than there are users, passing the rest on', () => {
    expect(teamSizes(3, 30, 12, 2)).toEqual([12, 12, 6]);
  });
});

describe('generateDomain with teamSizeSkew', () => {
  it('is unchanged without the option and uneven with it', () => {
    const even = generateDomain({ users: 300, teams: 10, teamMemberships: 600, seed: 3 });
    expect(generateDomain({ users: 300, teams: 10, teamMemberships: 600, seed: 3, teamSizeSkew: 0 })).toEqual(
      even,
    );
    expect(even.workspaces[0]!.teams!.map((t) => t.members!.length)).toEqual(Array(10).fill(60));
    const skewed = generateDomain({ users: 300, teams: 10, teamMemberships: 600, seed: 3, teamSizeSkew: 1 });
    const sizes = skewed.workspaces[0]!.teams!.map((t) => t.members!.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(600);
    expect(sizes[0]).toBeGreaterThan(150);
    expect(
      new Set(skewed.workspaces[0]!.teams![0]!.members!.map((m) => (typeof m === 'string' ? m : m.user)))
        .size,
    ).toBe(sizes[0]);
  });
});
