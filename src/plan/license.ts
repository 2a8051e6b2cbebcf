// Licenses as Asana holds them. SCIM is the only source of truth for licenses; the REST workspace
// membership's `is_view_only` is used only as a hint when SCIM could not be read (to tell a person
// what to change by hand).
import type { LicenseState, LiveScimUser } from '../model/index.js';

/**
 * The license a SCIM user holds. An inactive user is `deprovisioned`; Asana's `userType` is
 * `enterprise` or `view only` (written `view-only`/`view_only` by some tools, so any spelling with
 * "view" counts); an empty or unknown `userType` is a full (enterprise) member, which is what Asana
 * reports on domains without view-only licenses.
 */
export function licenseOfScimUser(user: LiveScimUser): LicenseState {
  if (!user.active) return 'deprovisioned';
  return /view/i.test(user.userType) ? 'view-only' : 'enterprise';
}

/** Whether going from one license to another takes access away (a downgrade or a deprovisioning). */
export function isLicenseDowngrade(from: LicenseState, to: LicenseState): boolean {
  const rank: Record<LicenseState, number> = { enterprise: 2, 'view-only': 1, deprovisioned: 0 };
  return rank[to] < rank[from];
}
