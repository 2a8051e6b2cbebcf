// Turns one plan action into the Asana calls that carry it out, and says how it went. Membership
// changes (REST) are grouped into POST /batch requests; SCIM calls (accounts, licenses) go one by
// one, as Asana does not allow SCIM in a batch. When Asana refuses an action, its goal is checked
// afresh: if it already holds (someone did it by hand, or an earlier answer was lost), the action
// is done, not failed.
import type { AsanaClient, BatchAction, BatchResult } from '../asana/client.js';
import { AsanaApiError, type AsanaErrorKind } from '../asana/errors.js';
import type { Action, CreateAccountAction, LicenseTarget, MembershipTarget } from '../model/index.js';
import { createBatcher } from './batcher.js';
import type { PerformOutcome } from './outcome.js';
import type { UserDirectory } from './user-directory.js';

/** The client calls apply makes (a subset of AsanaClient, so tests can fake it). */
export type ApplyClient = Pick<
  AsanaClient,
  | 'addUserToWorkspace'
  | 'removeUserFromWorkspace'
  | 'addUserToTeam'
  | 'removeUserFromTeam'
  | 'batch'
  | 'scimCreateUser'
  | 'scimSetUserType'
  | 'scimDeactivate'
>;

export interface PerformerDeps {
  client: ApplyClient;
  directory: UserDirectory;
  /** Reads Asana afresh and tells whether the action's goal holds (used only after a refusal). */
  goalHolds: (action: Action) => Promise<boolean>;
  /** Told when a refused action's goal re-check starts and ends (fail-fast pauses new starts). */
  onRecheck?: (phase: 'start' | 'end') => void;
  /** Most actions in one POST /batch (Asana: 10). */
  maxBatch?: number;
  /** How long to collect ready actions before sending a batch (ms); 0 = end of the event-loop turn. */
  batchTickMs?: number;
}

export const MAX_BATCH_ACTIONS = 10;

/** Refusals that are not followed by a fresh read of the goal. */
const NOT_RECHECKED = new Set<AsanaErrorKind>(['auth', 'plan', 'permission', 'rate-limited']);

type CallResult = { ok: true } | { ok: false; error: unknown };

export function createPerformer(deps: PerformerDeps): (action: Action) => Promise<PerformOutcome> {
  const { client, directory } = deps;
  const batcher = createBatcher<BatchAction, CallResult>({
    maxBatch: deps.maxBatch ?? MAX_BATCH_ACTIONS,
    tickMs: deps.batchTickMs ?? 0,
    sendOne: (op) =>
      callOne(client, op).then(
        () => ({ ok: true }) as const,
        (error: unknown) => ({ ok: false, error }),
      ),
    sendBatch: async (ops) => {
      let results: BatchResult[];
      try {
        results = await client.batch(ops);
      } catch (error) {
        // The whole request failed (after the client's retries), e.g. its answer was lost or
        // unreadable: every action in it is refused, and so gets its goal checked afresh, as a lone
        // request's would.
        return ops.map(() => ({ ok: false, error }));
      }
      return results.map((r) => (r.ok ? { ok: true } : { ok: false, error: r.error }));
    },
  });

  const whenRefused = async (action: Action, error: unknown): Promise<PerformOutcome> => {
    const failed: PerformOutcome = {
      status: 'failed',
      message: messageOf(error),
      httpStatus: statusOf(error),
    };
    // A refusal about rights (token, plan, permission) or an exhausted rate limit says nothing about
    // the goal, and a wave of them (say, a view-only token) would cost a read each: report it as is.
    if (error instanceof AsanaApiError && NOT_RECHECKED.has(error.kind)) return failed;
    deps.onRecheck?.('start');
    try {
      if (await deps.goalHolds(action)) {
        return {
          status: 'already-satisfied',
          detail: `Asana refused the change (${failed.message}), but a fresh read shows the goal already holds`,
        };
      }
    } catch {
      // The re-check failing leaves the original refusal as the outcome.
    } finally {
      deps.onRecheck?.('end');
    }
    return failed;
  };

  const membership = async (action: Action, target: MembershipTarget): Promise<PerformOutcome> => {
    const add = action.kind !== 'revoke';
    const op: BatchAction = {
      op:
        target.type === 'workspace'
          ? add
            ? 'addUserToWorkspace'
            : 'removeUserFromWorkspace'
          : add
            ? 'addUserToTeam'
            : 'removeUserFromTeam',
      targetGid: target.gid,
      user: directory.restRef(action.user.email),
    };
    const result = await batcher.submit(op);
    return result.ok ? { status: 'applied' } : whenRefused(action, result.error);
  };

  const license = async (action: Action, target: LicenseTarget): Promise<PerformOutcome> => {
    let id: string | null;
    try {
      id = await directory.scimId(action.user.email);
    } catch (error) {
      return whenRefused(action, error);
    }
    if (id === null) {
      return whenRefused(action, new Error(`SCIM has no user with userName ${action.user.email}`));
    }
    try {
      if (target.to === 'deprovisioned') await client.scimDeactivate(id);
      else await client.scimSetUserType(id, target.to === 'enterprise' ? 'enterprise' : 'view only');
      return { status: 'applied', detail: `${target.from} → ${target.to}` };
    } catch (error) {
      return whenRefused(action, error);
    }
  };

  const createAccount = async (action: CreateAccountAction): Promise<PerformOutcome> => {
    const email = action.user.email;
    try {
      if (action.via === 'scim') {
        const created = await client.scimCreateUser({
          email,
          name: action.user.name ?? email,
          userType: action.license === 'enterprise' ? 'enterprise' : 'view only',
        });
        directory.learn(email, { scimId: created.id });
        return { status: 'applied', detail: `SCIM id ${created.id}` };
      }
      // An invitation: REST addUser with the email creates the account in that workspace.
      const user = await client.addUserToWorkspace(action.workspace.gid, email);
      directory.learn(email, { gid: user.gid });
      return { status: 'applied', detail: `user gid ${user.gid}` };
    } catch (error) {
      return whenRefused(action, error);
    }
  };

  return (action) => {
    if (action.kind === 'create-account') return createAccount(action);
    const target = action.target;
    return target.type === 'license' ? license(action, target) : membership(action, target);
  };
}

function callOne(client: ApplyClient, op: BatchAction): Promise<unknown> {
  switch (op.op) {
    case 'addUserToWorkspace':
      return client.addUserToWorkspace(op.targetGid, op.user);
    case 'removeUserFromWorkspace':
      return client.removeUserFromWorkspace(op.targetGid, op.user);
    case 'addUserToTeam':
      return client.addUserToTeam(op.targetGid, op.user);
    case 'removeUserFromTeam':
      return client.removeUserFromTeam(op.targetGid, op.user);
  }
}

/** The error's one-line message (AsanaApiError messages quote Asana's own words and hold no token). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function statusOf(error: unknown): number | undefined {
  return error instanceof AsanaApiError ? error.status : undefined;
}
