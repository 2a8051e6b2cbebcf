// The fact an action makes true. Verification after apply, and the re-check of an action that
// Asana refused, both ask whether this fact holds in a fresh read of Asana.
import type { Action, Fact } from '../model/index.js';

export function goalFact(action: Action): Fact {
  const email = action.user.email;
  if (action.kind === 'create-account') return { type: 'account', email, exists: true };
  const member = action.kind === 'grant';
  const target = action.target;
  switch (target.type) {
    case 'workspace':
      return { type: 'workspace-membership', email, workspaceGid: target.gid, member };
    case 'team':
      return { type: 'team-membership', email, teamGid: target.gid, member };
    case 'license':
      return { type: 'license', email, license: target.to };
  }
}
