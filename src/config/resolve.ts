// The raw, merged configuration → the normalized DesiredState, with every check that needs the
// whole configuration: references to users and groups, team members outside their workspace,
// deprovisioned users who are still members, licenses, acceptances.
import type {
  AcceptedDrift,
  DeclaredLicense,
  DesiredMember,
  DesiredState,
  DesiredTeam,
  DesiredUser,
  DesiredWorkspace,
  MemberRole,
  MembershipMode,
  SourceLocation,
} from '../model/desired.js';
import type { Diagnostic } from './diagnostic.js';
import { ignoreMatcher } from './emails.js';
import {
  type ExpandedGroups,
  expandGroups,
  ignoredMember,
  type MemberChecks,
  unknownGroup,
  unknownUser,
} from './groups.js';
import { type MemberRef, nameKey, type RawConfig, type RawWorkspace } from './merge.js';
import { didYouMean } from './suggest.js';

export interface ResolveOptions {
  /** False when some file could not be used: references are then not checked (they may be declared there). */
  referencesComplete: boolean;
  /** Today (UTC), YYYY-MM-DD: acceptances that ended before it get a warning. */
  today: string;
  sources: string[];
}

function diag(at: SourceLocation, severity: 'error' | 'warning', code: string, message: string): Diagnostic {
  return { file: at.file, line: at.line, col: at.col, severity, code, message };
}

export function resolveConfig(
  raw: RawConfig,
  options: ResolveOptions,
): { state: DesiredState; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const manageLicenses = raw.settings.manageLicenses?.value ?? false;
  const ignorePatterns = dedupe((raw.policy.ignore?.value ?? []).map((p) => p.value.toLowerCase()));
  const ignoredBy = ignoreMatcher(ignorePatterns);
  const suggestions = { left: 20 };
  const checks: MemberChecks = {
    isDeclared: (email) => raw.users.has(email),
    ignoredBy,
    referencesComplete: options.referencesComplete,
    declaredEmails: () => raw.users.keys(),
  };

  // With manageLicenses itself invalid, whether licenses are required or ignored is unknown.
  const licenseChecks = !raw.invalidSettings.has('manageLicenses');
  const users = resolveUsers(raw, manageLicenses, licenseChecks, ignoredBy, diagnostics);
  const license = (email: string): DeclaredLicense | undefined =>
    manageLicenses ? raw.users.get(email)?.license?.value : undefined;

  const { expanded, diagnostics: groupDiagnostics } = expandGroups(raw.groups, checks, suggestions);
  diagnostics.push(...groupDiagnostics);

  const resolveList = (refs: readonly MemberRef[]) =>
    resolveMembers(refs, raw, expanded, checks, suggestions, diagnostics);
  const defaultMode: MembershipMode = raw.policy.membership?.value ?? 'additive';

  const workspaces: DesiredWorkspace[] = raw.workspaces.map((ws) => {
    const mode = ws.policy?.value ?? defaultMode;
    const members = resolveList(ws.members?.value ?? []);
    const memberEmails = new Set(members.map((m) => m.email));
    // Follow-up errors about a workspace whose entry did not conform would only repeat that problem.
    const checkMembership = ws.members !== undefined && !ws.malformed;
    if (!ws.members && !ws.malformed && options.referencesComplete) reportMissingMembers(ws, diagnostics);
    for (const m of members) checkNotDeprovisioned(m, license, `workspace '${ws.ref}'`, diagnostics);
    const teams = ws.teams.map((t): DesiredTeam => {
      const teamMembers = resolveList(t.members ?? []);
      for (const m of teamMembers) {
        checkNotDeprovisioned(m, license, `team '${t.name}' of workspace '${ws.ref}'`, diagnostics);
        if (checkMembership && !memberEmails.has(m.email)) {
          diagnostics.push(
            diag(
              m.at,
              'error',
              'team-member-not-in-workspace',
              `'${m.email}'${via(m)} is a member of team '${t.name}' but not of its workspace '${ws.ref}': add it to the workspace's members`,
            ),
          );
        }
      }
      // A team's default is policy.membership, like a workspace's: an authoritative workspace does
      // not make its teams authoritative (that would remove team members nobody meant to touch).
      return { name: t.name, members: teamMembers, mode: t.policy?.value ?? defaultMode, at: t.at };
    });
    return { ref: ws.ref, members, mode, teams, at: ws.at };
  });

  const protectedEmails = dedupe((raw.policy.protected?.value ?? []).map((p) => p.name));
  for (const p of raw.policy.protected?.value ?? []) {
    if (license(p.name) === 'none') {
      diagnostics.push(
        diag(
          p.at,
          'error',
          'protected-deprovisioned',
          `protected user '${p.name}' is declared with license none: a protected user is never deprovisioned`,
        ),
      );
    }
  }

  const accept = resolveAccept(raw, options, diagnostics);

  const state: DesiredState = {
    settings: {
      ...(raw.settings.defaultWorkspace ? { defaultWorkspace: raw.settings.defaultWorkspace.value } : {}),
      manageLicenses,
      newAccountLicense: raw.settings.newAccountLicense?.value ?? 'view-only',
    },
    users,
    workspaces,
    policy: {
      // Left empty when not set: plan/ then applies its default (count 10, percent 10) and says so.
      revocationLimit: raw.policy.revocationLimit?.value ?? {},
      protected: protectedEmails.sort(),
      ignore: ignorePatterns,
    },
    accept,
    sources: options.sources,
  };
  return { state, diagnostics };
}

function resolveUsers(
  raw: RawConfig,
  manageLicenses: boolean,
  licenseChecks: boolean,
  ignoredBy: (email: string) => string | undefined,
  diagnostics: Diagnostic[],
): DesiredUser[] {
  const users: DesiredUser[] = [];
  const unmanagedLicenses: SourceLocation[] = [];
  for (const u of raw.users.values()) {
    const user: DesiredUser = { email: u.email, at: u.at };
    if (u.name !== undefined) user.name = u.name;
    if (manageLicenses) {
      if (u.license) user.license = u.license.value;
      else if (!u.malformed && licenseChecks) {
        diagnostics.push(
          diag(
            u.at,
            'error',
            'missing-license',
            `user '${u.email}' has no license: settings.manageLicenses is true, so every user needs one (enterprise, view-only or none)`,
          ),
        );
      }
    } else if (u.license) {
      unmanagedLicenses.push(u.license.at);
    }
    const pattern = ignoredBy(u.email);
    if (pattern !== undefined) {
      diagnostics.push(
        diag(
          u.at,
          'warning',
          'ignored-user',
          `user '${u.email}' matches ignore pattern '${pattern}': asana-access never touches this account`,
        ),
      );
    }
    users.push(user);
  }
  const first = unmanagedLicenses[0];
  if (first && licenseChecks) {
    // One warning, not one per user: in a large config that would bury everything else.
    const n = unmanagedLicenses.length;
    diagnostics.push(
      diag(
        first,
        'warning',
        'unmanaged-license',
        `${n} ${n === 1 ? 'user declares' : 'users declare'} a license, but settings.manageLicenses is false: licenses are ignored`,
      ),
    );
  }
  return users.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

/** A member list → members: groups expanded, duplicates merged, sorted by email. */
function resolveMembers(
  refs: readonly MemberRef[],
  raw: RawConfig,
  groups: ExpandedGroups,
  checks: MemberChecks,
  suggestions: { left: number },
  diagnostics: Diagnostic[],
): DesiredMember[] {
  const members = new Map<string, DesiredMember>();
  const seen = new Map<string, MemberRef>();
  for (const ref of refs) {
    const key = `${ref.isGroup ? 'group:' : ''}${ref.name}`;
    const earlier = seen.get(key);
    if (earlier) {
      const first = earlier.at;
      // An entry whose role the schema rejected was reported already: no second message about it.
      if (ref.badRole || earlier.badRole) continue;
      if (roleOf(ref) !== roleOf(earlier)) {
        diagnostics.push(
          diag(
            ref.at,
            'error',
            'conflicting-role',
            `'${ref.written}' is listed twice in this list with different roles (${roleOf(ref)} here, ${roleOf(earlier)} at line ${first.line}:${first.col}): list the user once, with one role`,
          ),
        );
        continue;
      }
      diagnostics.push(
        diag(
          ref.at,
          'warning',
          'duplicate-member',
          `'${ref.written}' is listed twice in this list (first at line ${first.line}:${first.col})`,
        ),
      );
      continue;
    }
    seen.set(key, ref);
    if (ref.isGroup) {
      if (!groups.has(ref.name)) {
        if (checks.referencesComplete) diagnostics.push(unknownGroup(ref, raw.groups));
        continue;
      }
      for (const email of groups.emailsOf(ref.name)) {
        if (!members.has(email)) members.set(email, { email, at: ref.at, viaGroup: ref.name });
      }
      continue;
    }
    const pattern = checks.ignoredBy(ref.name);
    if (pattern !== undefined) {
      diagnostics.push(ignoredMember(ref, pattern));
      continue;
    }
    if (!checks.isDeclared(ref.name)) {
      if (checks.referencesComplete) diagnostics.push(unknownUser(ref, checks, suggestions));
      continue;
    }
    // Named directly: that is where the membership is declared, even if a group also brings it in,
    // and where its role is (a group brings plain members in). `member` is left out: it is the default.
    const role = ref.role !== undefined && ref.role !== 'member' ? { role: ref.role } : {};
    members.set(ref.name, { email: ref.name, ...role, at: ref.at });
  }
  return [...members.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

function roleOf(ref: MemberRef): MemberRole {
  return ref.role ?? 'member';
}

function via(m: DesiredMember): string {
  return m.viaGroup === undefined ? '' : ` (through group:${m.viaGroup})`;
}

function checkNotDeprovisioned(
  m: DesiredMember,
  license: (email: string) => DeclaredLicense | undefined,
  where: string,
  diagnostics: Diagnostic[],
): void {
  if (license(m.email) !== 'none') return;
  diagnostics.push(
    diag(
      m.at,
      'error',
      'deprovisioned-member',
      `'${m.email}'${via(m)} has license none (deprovisioned) but is a member of ${where}: remove the membership or give a license`,
    ),
  );
}

function reportMissingMembers(ws: RawWorkspace, diagnostics: Diagnostic[]): void {
  if (ws.teams.length === 0) {
    diagnostics.push(
      diag(
        ws.at,
        'error',
        'missing-members',
        `workspace '${ws.ref}' has no members list (members: [] for none)`,
      ),
    );
    return;
  }
  for (const t of ws.teams) {
    diagnostics.push(
      diag(
        t.at,
        'error',
        'undeclared-workspace',
        `team '${t.name}' is in workspace '${ws.ref}', which is not declared (no file gives it a members list): add members: to workspace '${ws.ref}'`,
      ),
    );
  }
}

function resolveAccept(raw: RawConfig, options: ResolveOptions, diagnostics: Diagnostic[]): AcceptedDrift[] {
  const out: AcceptedDrift[] = [];
  for (const a of raw.accept) {
    const until = a.until.value;
    if (!isCalendarDate(until)) {
      diagnostics.push(diag(a.until.at, 'error', 'bad-date', `until is not a real date (got '${until}')`));
      continue;
    }
    if (until < options.today) {
      diagnostics.push(
        diag(
          a.until.at,
          'warning',
          'expired-acceptance',
          `this acceptance ended on ${until}: drift reports count the difference as drift again`,
        ),
      );
    }
    let target: AcceptedDrift['target'] = { type: 'license' };
    if (a.workspace) {
      const ws = raw.workspaces.find((w) => nameKey(w.ref) === nameKey(a.workspace!.value));
      if (!ws && options.referencesComplete) {
        const hint = didYouMean(
          a.workspace.value,
          raw.workspaces.map((w) => w.ref),
        );
        diagnostics.push(
          diag(
            a.workspace.at,
            'error',
            'unknown-workspace',
            `unknown workspace '${a.workspace.value}': an acceptance names a workspace declared under workspaces${hint}`,
          ),
        );
      }
      if (a.team) {
        const team = ws?.teams.find((t) => nameKey(t.name) === nameKey(a.team!.value));
        if (ws && !team && options.referencesComplete) {
          const hint = didYouMean(
            a.team.value,
            ws.teams.map((t) => t.name),
          );
          diagnostics.push(
            diag(
              a.team.at,
              'error',
              'unknown-team',
              `unknown team '${a.team.value}' in workspace '${ws.ref}': an acceptance names a team declared there${hint}`,
            ),
          );
        }
        target = { type: 'team', workspace: a.workspace.value, team: a.team.value };
      } else {
        target = { type: 'workspace', ref: a.workspace.value };
      }
    }
    out.push({ email: a.email, target, reason: a.reason, until, at: a.at });
  }
  return out;
}

/** YYYY-MM-DD naming a day that exists (no 2025-02-30). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function dedupe(items: readonly string[]): string[] {
  return [...new Set(items)];
}
