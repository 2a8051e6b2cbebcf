#!/usr/bin/env node
// Runs the CLI straight from src/ (no build), for development. tsx compiles the TypeScript on the fly;
// oclif is pointed at src/commands instead of dist/commands.
import { readFileSync } from 'node:fs';
import { Config, flush, handle, Plugin, run } from '@oclif/core';
import { register } from 'tsx/esm/api';

register();
const root = new URL('..', import.meta.url).pathname;
const pjson = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
pjson.oclif.commands = './src/commands';
// An oclif.manifest.json (written by `npm pack`, left behind if packing fails) lists the commands and the
// dist/ files to load them from; oclif would use it instead of src/. The root plugin is therefore loaded
// here with ignoreManifest, then the other plugins (help) as usual.
const rootPlugin = new Plugin({ root, pjson, isRoot: true, ignoreManifest: true });
await rootPlugin.load();
const config = await Config.load({ root, pjson, plugins: new Map([[rootPlugin.name, rootPlugin]]) });
await config.loadPluginsAndCommands({ force: true });
await run(process.argv.slice(2), config).then(() => flush(), handle);
