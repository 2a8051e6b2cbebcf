// The live-state layer: what other layers import.
export { canonicalLiveState, compareGids, liveDigest } from './digest.js';
export { type ReadProgress, readLiveState } from './read.js';
export { fullScope, type ReadScope, scopeFromDesired } from './scope.js';
export { type ExportOptions, type ExportResult, liveStateToConfig } from './to-config.js';
