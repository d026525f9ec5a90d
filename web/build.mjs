// Builds the page into ../api/static/ (served by `kg serve` at / and /static/): one bundled,
// minified script, one stylesheet and index.html. Run by `npm run build` (after `npm ci`).
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '..', 'api', 'static');

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: path.join(here, 'src', 'main.js') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  splitting: true, // one chunk per view: the libraries load with the views that use them
  chunkNames: 'chunks/[name]-[hash]',
  target: ['es2020'],
  legalComments: 'external', // the libraries' licence headers, in app.js.LEGAL.txt
  logLevel: 'warning',
});
await copyFile(path.join(here, 'index.html'), path.join(out, 'index.html'));
const sizes = [];
for (const name of ['index.html', 'app.js', 'app.css', ...(await readdir(path.join(out, 'chunks'))).map((c) => `chunks/${c}`)]) {
  const { size } = await stat(path.join(out, name));
  sizes.push(size);
  console.log(`api/static/${name}: ${(size / 1024).toFixed(1)} KiB`);
}
console.log(`total: ${(sizes.reduce((a, b) => a + b, 0) / 1024).toFixed(1)} KiB`);
