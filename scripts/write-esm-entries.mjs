// After `tsup` (CommonJS + .d.ts), writes each public entry's ES module face: dist/<name>.mjs
// re-exports dist/<name>.js, and dist/<name>.d.mts re-exports its types.
//
// Why not a second, ESM build of the same code: `import` and `require` in one app then share one
// module instance (one API-key cache, one set of error classes, so `instanceof` holds across
// both), and the tarball carries the code once, which keeps it inside its size budget.
// Usage: node scripts/write-esm-entries.mjs <name>...   (names of dist/<name>.js files)
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const load = createRequire(dist);

for (const name of process.argv.slice(2)) {
  const cjsFile = `${dist}${name}.js`;
  if (!existsSync(cjsFile)) {
    console.error(`write-esm-entries: dist/${name}.js was not built`);
    process.exit(1);
  }
  // The export names are read off the built module itself, so they cannot drift from the source.
  const names = Object.keys(load(cjsFile)).filter((key) => key !== '__esModule' && key !== 'default');
  const header = `// ES module entry: re-exports ./${name}.js so import and require share one instance.\n`;
  writeFileSync(`${dist}${name}.mjs`, `${header}import cjs from './${name}.js';\n\nexport const {\n${names.map((key) => `  ${key},`).join('\n')}\n} = cjs;\n`);
  writeFileSync(`${dist}${name}.d.mts`, `${header}export * from './${name}.js';\n`);
}
