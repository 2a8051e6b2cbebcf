// Shape checks for Asana's answers. Every field the tool uses is checked here, so an unexpected
// answer fails with one clear 'malformed' error naming the field instead of crashing later.
import type {
  AsanaTeam,
  AsanaTeamMembership,
  AsanaUser,
  AsanaWorkspace,
  AsanaWorkspaceMembership,
  ScimUser,
} from './types.js';

/** Thrown by the checks; the request layer turns it into an AsanaApiError of kind 'malformed'. */
export class MalformedAnswer extends Error {
  override readonly name = 'MalformedAnswer';
}

type Obj = Record<string, unknown>;

export function object(value: unknown, where: string): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MalformedAnswer(`${where} should be an object, got ${kindOf(value)}`);
  }
  return value as Obj;
}

export function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new MalformedAnswer(`${where} should be an array, got ${kindOf(value)}`);
  return value;
}

export function string(value: unknown, where: string): string {
  if (typeof value !== 'string')
    throw new MalformedAnswer(`${where} should be a string, got ${kindOf(value)}`);
  return value;
}

/** A string that may be absent or null (Asana hides some fields from some callers). */
export function optionalString(value: unknown, where: string): string {
  if (value === undefined || value === null) return '';
  return string(value, where);
}

export function boolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean')
    throw new MalformedAnswer(`${where} should be true or false, got ${kindOf(value)}`);
  return value;
}

export function number(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MalformedAnswer(`${where} should be a number, got ${kindOf(value)}`);
  }
  return value;
}

/** Asana gids are non-empty strings of digits. */
export function gid(value: unknown, where: string): string {
  const s = string(value, where);
  if (!/^\d+$/.test(s))
    throw new MalformedAnswer(`${where} should be a gid (digits), got ${JSON.stringify(s)}`);
  return s;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** `{ "data": ... }`: the envelope of every REST success. */
export function dataOf(body: unknown): unknown {
  const o = object(body, 'the body');
  if (!('data' in o)) throw new MalformedAnswer('the body has no "data" field');
  return o.data;
}

/** A list page: `data` array plus `next_page` (object or null; required because limit is always sent). */
export function listPage(body: unknown): { items: unknown[]; nextOffset: string | null } {
  const o = object(body, 'the body');
  const items = array(o.data, 'data');
  if (!('next_page' in o)) throw new MalformedAnswer('the list page has no "next_page" field');
  if (o.next_page === null) return { items, nextOffset: null };
  const next = object(o.next_page, 'next_page');
  const offset = string(next.offset, 'next_page.offset');
  if (offset === '') throw new MalformedAnswer('next_page.offset is empty');
  return { items, nextOffset: offset };
}

export function user(value: unknown, where: string): AsanaUser {
  const o = object(value, where);
  return {
    gid: gid(o.gid, `${where}.gid`),
    name: optionalString(o.name, `${where}.name`),
    email: optionalString(o.email, `${where}.email`),
  };
}

export function workspace(value: unknown, where: string): AsanaWorkspace {
  const o = object(value, where);
  const domains =
    o.email_domains === undefined || o.email_domains === null
      ? []
      : array(o.email_domains, `${where}.email_domains`);
  return {
    gid: gid(o.gid, `${where}.gid`),
    name: string(o.name, `${where}.name`),
    isOrganization: boolean(o.is_organization, `${where}.is_organization`),
    emailDomains: domains.map((d, i) => string(d, `${where}.email_domains[${i}]`)),
  };
}

export function workspaceMembership(
  value: unknown,
  where: string,
  workspaceGid: string,
): AsanaWorkspaceMembership {
  const o = object(value, where);
  // The membership names its workspace only when asked; when present it must be the one we read.
  if (o.workspace !== undefined && o.workspace !== null) {
    const ws = gid(object(o.workspace, `${where}.workspace`).gid, `${where}.workspace.gid`);
    if (ws !== workspaceGid)
      throw new MalformedAnswer(`${where}.workspace.gid is ${ws}, expected ${workspaceGid}`);
  }
  return {
    gid: gid(o.gid, `${where}.gid`),
    workspaceGid,
    user: user(o.user, `${where}.user`),
    isActive: boolean(o.is_active, `${where}.is_active`),
    isAdmin: boolean(o.is_admin, `${where}.is_admin`),
    isGuest: boolean(o.is_guest, `${where}.is_guest`),
    isViewOnly: boolean(o.is_view_only, `${where}.is_view_only`),
  };
}

export function team(value: unknown, where: string, workspaceGid: string): AsanaTeam {
  const o = object(value, where);
  return { gid: gid(o.gid, `${where}.gid`), name: string(o.name, `${where}.name`), workspaceGid };
}

export function teamMembership(value: unknown, where: string, teamGid: string): AsanaTeamMembership {
  const o = object(value, where);
  return {
    gid: gid(o.gid, `${where}.gid`),
    teamGid,
    user: user(o.user, `${where}.user`),
    isAdmin: boolean(o.is_admin, `${where}.is_admin`),
    isGuest: boolean(o.is_guest, `${where}.is_guest`),
    isLimitedAccess: boolean(o.is_limited_access, `${where}.is_limited_access`),
  };
}

export function scimUser(value: unknown, where: string): ScimUser {
  const o = object(value, where);
  const id = string(o.id, `${where}.id`);
  if (id === '') throw new MalformedAnswer(`${where}.id is empty`);
  const userName = string(o.userName, `${where}.userName`);
  let name = '';
  if (o.name !== undefined && o.name !== null) {
    const n = object(o.name, `${where}.name`);
    name = optionalString(n.formatted, `${where}.name.formatted`);
    if (name === '') {
      name = [
        optionalString(n.givenName, `${where}.name.givenName`),
        optionalString(n.familyName, `${where}.name.familyName`),
      ]
        .filter((s) => s !== '')
        .join(' ');
    }
  }
  return {
    id,
    userName,
    name,
    active: boolean(o.active, `${where}.active`),
    // Absent on domains without view-only licensing; '' then, so the plan sees "unknown", not a license.
    userType: optionalString(o.userType, `${where}.userType`),
  };
}

/** A SCIM list page: `totalResults`, `Resources` (may be absent when empty), `startIndex`. */
export function scimPage(body: unknown): { total: number; items: unknown[] } {
  const o = object(body, 'the body');
  const total = number(o.totalResults, 'totalResults');
  if (!Number.isInteger(total) || total < 0)
    throw new MalformedAnswer(`totalResults should be a count, got ${total}`);
  const items = o.Resources === undefined && total === 0 ? [] : array(o.Resources, 'Resources');
  return { total, items };
}
