import { describe, expect, it } from 'vitest';
import { createUserDirectory } from '../../src/apply/user-directory.js';
import type { Action } from '../../src/model/index.js';

const act = (email: string, ids: { gid?: string; scimId?: string } = {}): Action => ({
  id: `grant-license:${email}`,
  kind: 'grant',
  user: { email, ...ids },
  dependsOn: [],
  precondition: { type: 'license', email, license: 'view-only' },
  target: { type: 'license', from: 'view-only', to: 'enterprise' },
});

describe('user directory', () => {
  it('uses the ids the plan knows; REST falls back to the email', async () => {
    const d = createUserDirectory([act('a@acme.example', { gid: '1', scimId: 's1' })], async () => null);
    expect(d.restRef('A@acme.example')).toBe('1');
    expect(d.restRef('b@acme.example')).toBe('b@acme.example');
    expect(await d.scimId('a@acme.example')).toBe('s1');
  });

  it('looks an unknown SCIM id up once, even for concurrent asks, and remembers it', async () => {
    let lookups = 0;
    const d = createUserDirectory([], async (email) => {
      lookups++;
      await new Promise((r) => setTimeout(r, 5));
      return email === 'c@acme.example' ? 's3' : null;
    });
    const [x, y] = await Promise.all([d.scimId('c@acme.example'), d.scimId('C@acme.example')]);
    expect([x, y]).toEqual(['s3', 's3']);
    expect(await d.scimId('c@acme.example')).toBe('s3');
    expect(lookups).toBe(1);
    expect(await d.scimId('nobody@acme.example')).toBeNull();
  });

  it('what a create learns wins for later actions', async () => {
    const d = createUserDirectory([], async () => {
      throw new Error('should not look up');
    });
    d.learn('new@acme.example', { gid: '77', scimId: 's77' });
    expect(d.restRef('new@acme.example')).toBe('77');
    expect(await d.scimId('new@acme.example')).toBe('s77');
  });

  it('a failed lookup is not cached', async () => {
    let calls = 0;
    const d = createUserDirectory([], async () => {
      calls++;
      if (calls === 1) throw new Error('timeout');
      return 's9';
    });
    await expect(d.scimId('x@acme.example')).rejects.toThrow('timeout');
    expect(await d.scimId('x@acme.example')).toBe('s9');
  });
});
