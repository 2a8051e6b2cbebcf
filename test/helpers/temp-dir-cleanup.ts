// Runs in every test file (vitest setupFiles): removes the folders tempDir() made once the file's
// tests are done.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

afterAll(removeTempDirs);
