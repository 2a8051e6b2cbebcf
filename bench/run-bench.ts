// `npm run bench [-- flags]`: runs the bench, prints the table on stdout (progress on stderr), and
// writes bench/results/<date>.json. Exit 0 when it ran (missed targets are printed as MISSED lines),
// 1 when it could not run, 2 on bad flags.
import { existsSync } from 'node:fs';
import { runBench } from './bench.js';
import { parseBenchArgs, USAGE, UsageError } from './options.js';
import { renderTable, writeResults } from './results.js';

async function main(): Promise<number> {
  let opts: ReturnType<typeof parseBenchArgs>;
  try {
    opts = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`bench: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const quiet = opts.quiet;
  const results = await runBench(opts, (line) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  });
  process.stdout.write(`\n${renderTable(results)}\n`);
  if (opts.resultsDir !== null) {
    const path = writeResults(opts.resultsDir, results, existsSync);
    process.stdout.write(`\nfigures written to ${path}\n`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
