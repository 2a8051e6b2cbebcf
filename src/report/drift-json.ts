// The drift report as JSON: the DriftReport object itself (schemas/drift.schema.json), stable key order.
import type { DriftReport } from '../model/drift.js';

export function renderDriftJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
