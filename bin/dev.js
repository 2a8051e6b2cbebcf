#!/usr/bin/env node
// Runs the CLI straight from src/ (no build), for development. tsx compiles the TypeScript on the fly;
// oclif is pointed at src/commands instead of dist/commands.
import { readFileSync } from 'node:fs';
import { Config, flush, handle, run } from '@oclif/core';
import { register } from 'tsx/esm/api';

register();
const root = new URL('..', import.meta.url).pathname;
const pjson = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
pjson.oclif.commands = './src/commands';
const config = await Config.load({ root, pjson });
await run(process.argv.slice(2), config).then(() => flush(), handle);
