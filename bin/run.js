#!/usr/bin/env node
// The built CLI: always runs dist/ (bin/dev.js runs src/). Left to itself, oclif looks for the TypeScript
// sources whenever NODE_ENV is "development" or "test", which needs the typescript package; an installed
// asana-access has neither, and printed "Could not find typescript" on every run with such a NODE_ENV.
import { execute, settings } from '@oclif/core';

settings.enableAutoTranspile = false;
await execute({ dir: import.meta.url });
