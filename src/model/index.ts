export type * from './desired.js';
export type * from './live.js';
export * from './plan.js';
