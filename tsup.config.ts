import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

// Public entry points -> dist/<name>.js + .d.ts, CommonJS: the one copy of the implementation.
// scripts/write-esm-entries.mjs then adds dist/<name>.mjs + .d.mts, the ES module entry points
// (see there why they re-export this build rather than being a second one). package.json's
// "exports" and "bin" name these files, so renaming an entry here means updating both.
const entries: Record<string, string> = {
  index: 'src/index.ts',
  generated: 'src/generated.ts',
  sandbox: 'src/sandbox/index.ts',
  cli: 'src/cli/main.ts',
};

// A missing entry would build "successfully" without a file the exports map promises.
const missing = Object.entries(entries).filter(([, file]) => !existsSync(file));
if (missing.length > 0) throw new Error(`tsup: missing entry files: ${missing.map(([, file]) => file).join(', ')}`);

export default defineConfig({
  entry: entries,
  format: ['cjs'],
  // Declarations for the importable entries; the CLI is only run (package.json "bin").
  dts: { entry: Object.fromEntries(Object.entries(entries).filter(([name]) => name !== 'cli')) },
  tsconfig: 'tsconfig.build.json',
  target: 'node18',
  platform: 'node',
  // A shared chunk, so `AuthApi` from "." and from "./generated" is one class (instanceof works)
  // and the generated runtime is not copied into every entry.
  splitting: true,
  treeshake: true,
  sourcemap: false,
  clean: true,
  outDir: 'dist',
  // npm start builds before the demo: its transcript is the output that matters. Errors still print.
  silent: true,
});
