// Writes the deployable textlens from www/ (after `./build.sh` has put the wasm in www/pkg/):
//
//   dist/              every file of www/, plus sw.js with the list of files and their hashes: a
//                      service worker that precaches this version (offline after one visit).
//   dist/textlens.html one self-contained file: styles, scripts, the worker and the gzipped wasm
//                      inside; opens from disk with no server and no network, under a strict CSP.
//
// Usage: node tools/dist.mjs [--www DIR] [--out DIR]
// Nothing here knows the app's file names: dist/ is the www/ directory as it is, and textlens.html
// follows the module graph from index.html's scripts and stylesheets (static and dynamic imports,
// `new URL('./x', import.meta.url)` references), so it keeps working as www/ changes.
import { createHash } from 'node:crypto';
import { gzipSync, constants as zlib } from 'node:zlib';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every file under `dir` as a sorted list of `/`-separated paths, dot files left out. */
export function walk(dir, at = dir) {
  const out = [];
  for (const entry of readdirSync(at, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(at, entry.name);
    if (entry.isDirectory()) out.push(...walk(dir, path));
    else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'));
  }
  return out.sort();
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.txt': 'text/plain', '.md': 'text/markdown',
  '.svg': 'image/svg+xml', '.png': 'image/png',
};
const typeOf = (path) => TYPES[posix.extname(path)] ?? 'application/octet-stream';
const isModule = (path) => /\.m?js$/.test(path);

// ---------- dist/: the site and its service worker ----------

/** Copies `www` to `out`, writes sw.js with this version's files, marks index.html to register it. */
export function buildSite(www, out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const files = walk(www).filter((f) => f !== 'sw.js');
  if (!files.includes('index.html')) throw new Error(`${www} has no index.html`);
  if (!files.some((f) => f.endsWith('.wasm'))) throw new Error(`${www} has no .wasm: run ./build.sh first`);
  for (const f of files) {
    mkdirSync(dirname(join(out, f)), { recursive: true });
    cpSync(join(www, f), join(out, f));
  }
  const index = readFileSync(join(www, 'index.html'), 'utf8');
  const marked = index.replace(/<meta charset="utf-8">/i,
    (m) => `${m}\n<meta name="textlens-service-worker" content="sw.js">`);
  if (marked === index) throw new Error('index.html: no <meta charset="utf-8"> to put the service worker mark after');
  writeFileSync(join(out, 'index.html'), marked);

  // The page is cached as `./` and `./index.html`; each file with its hash, which the worker checks.
  const entries = files.map((f) => [f, sha256(readFileSync(join(out, f)))]);
  entries.unshift(['./', sha256(readFileSync(join(out, 'index.html')))]);
  const version = sha256(JSON.stringify(entries)).slice(0, 16);
  const template = readFileSync(join(www, 'sw.js'), 'utf8');
  let filled = 0;
  const sw = template
    .replace(/^const VERSION = .*;$/m, () => { filled++; return `const VERSION = ${JSON.stringify(version)};`; })
    .replace(/^const FILES = .*;$/m, () => { filled++; return `const FILES = ${JSON.stringify(entries, null, 1)};`; });
  if (filled !== 2) throw new Error('www/sw.js: expected the lines `const VERSION = …;` and `const FILES = …;`');
  writeFileSync(join(out, 'sw.js'), sw);
  return { version, files: entries.length };
}

// ---------- textlens.html: one file ----------

/** Where a module refers to another file: [start, end) of the text to replace, the target and how. */
function references(code) {
  const refs = [];
  // import … from './x.js', export … from './x.js', import './x.js', import('./x.js')
  const spec = /(?:\bimport\s*(?:[\w$*{}\s,]+\s*from\s*)?|\bexport\s*(?:[\w$*{}\s,]+\s*)from\s*|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"\n]+)\1/g;
  for (const m of code.matchAll(spec)) {
    const start = m.index + m[0].length - m[2].length - 2;
    refs.push({ kind: 'import', start, end: start + m[2].length + 2, target: m[2] });
  }
  // new URL(<expression>, import.meta.url): a file of the app, maybe named by a template (`./examples/${name}`)
  const url = /new URL\(\s*([^()]+?)\s*,\s*import\.meta\.url\s*\)/g;
  for (const m of code.matchAll(url)) {
    const literal = /^(['"])([^'"]*)\1$/.exec(m[1]);
    const template = /^`([^`$]*)(\$\{[^`]*)?`$/.exec(m[1]);
    const target = literal ? literal[2] : template ? template[1] : null;
    if (target === null) throw new Error(`cannot follow ${m[0]}`);
    refs.push({ kind: 'url', start: m.index, end: m.index + m[0].length, target, expr: m[1], prefix: !literal && template[2] !== undefined });
  }
  return refs.sort((a, b) => a.start - b.start);
}

/**
 * The files reachable from the page's module scripts, modules in dependency order (each after
 * every module it refers to), and the other files (wasm, data) they refer to.
 */
function graph(www, entries) {
  const files = new Set(walk(www));
  const modules = new Map(); // path → {code, refs}
  const assets = new Set();
  const order = [];
  const state = new Map(); // path → 'visiting' | 'done'
  const resolve = (from, rel) => posix.normalize(posix.join(posix.dirname(from), rel));

  const visit = (path, via) => {
    if (!files.has(path)) throw new Error(`${via} refers to ${path}, which is not in ${www}`);
    if (state.get(path) === 'done') return;
    if (state.get(path) === 'visiting') {
      throw new Error(`modules refer to each other in a cycle through ${path}: a single file cannot link them`);
    }
    state.set(path, 'visiting');
    const code = readFileSync(join(www, path), 'utf8');
    const refs = references(code);
    for (const r of refs) {
      const target = resolve(path, r.target);
      r.path = target;
      if (r.kind === 'url' && r.prefix) {
        // A name made at run time: take every file under the folder it names.
        for (const f of files) if (f.startsWith(target)) (isModule(f) ? visit(f, path) : assets.add(f));
      } else if (isModule(target)) {
        visit(target, path);
      } else {
        if (!files.has(target)) throw new Error(`${path} refers to ${target}, which is not in ${www}`);
        assets.add(target);
      }
    }
    modules.set(path, { code, refs });
    state.set(path, 'done');
    order.push(path);
  };
  for (const e of entries) visit(e, 'index.html');
  return { order, modules, assets: [...assets].sort() };
}

/**
 * A module's code with its references made late-bound: imports name `__TEXTLENS_URL__[path]`,
 * which the loader replaces with the blob: URL of that module; `new URL(x, import.meta.url)`
 * becomes `new URL(__textlensUrl(x))`, a lookup the loader defines at the top of the module.
 */
function linkable(path, { code, refs }) {
  let out = '';
  let at = 0;
  for (const r of refs) {
    out += code.slice(at, r.start);
    out += r.kind === 'import' ? JSON.stringify(`__TEXTLENS_URL__[${r.path}]`) : `new URL(__textlensUrl(${r.expr}))`;
    at = r.end;
  }
  return out + code.slice(at);
}

// Runs in the page. Makes a Blob of each file (the wasm ungzipped) and a blob: URL of each module,
// linked in dependency order, then imports the page's scripts. Browsers refuse a module worker and
// a worker's fetch of the page's blob: URLs when the page is a file (opaque origin), so a worker
// asked for one of these modules starts as a classic worker that is sent the files and links them
// with blob: URLs of its own. Free of the app's names: its hash goes in the CSP.
const LOADER = `
function link(modules, blobs) {
  const urls = {};
  for (const [path, blob] of Object.entries(blobs)) urls[path] = URL.createObjectURL(blob);
  for (const m of modules) {
    const dir = m.path.slice(0, m.path.lastIndexOf('/') + 1);
    const lookup = 'const __textlensUrl = (rel) => { const urls = ' + JSON.stringify(urls) + '; ' +
      'const path = new URL(rel, "http://textlens.invalid/" + ' + JSON.stringify(dir) + ').pathname.slice(1); ' +
      'if (!(path in urls)) throw new Error("textlens.html does not hold " + path); return urls[path]; };\\n';
    const code = m.code.replace(/__TEXTLENS_URL__\\[([^\\]]+)\\]/g, (_, p) => urls[p]);
    urls[m.path] = URL.createObjectURL(new Blob([lookup, code], { type: 'text/javascript' }));
  }
  return urls;
}

function workerMain() {
  const held = [];
  const hold = (e) => held.push(e);
  self.onmessage = (first) => {
    const { modules, blobs, entry } = first.data.textlens;
    self.onmessage = hold;
    import(link(modules, blobs)[entry]).then(() => {
      if (self.onmessage === hold) self.onmessage = null;
      for (const e of held) self.dispatchEvent(new MessageEvent('message', { data: e.data, ports: [...e.ports] }));
    }, (err) => setTimeout(() => { throw err; }));
  };
}

try {
  const bundle = JSON.parse(document.getElementById('textlens-bundle').textContent);
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const blobs = {};
  for (const [path, a] of Object.entries(bundle.assets)) {
    let blob = new Blob([a.base64 === undefined ? a.text : bytes(a.base64)]);
    if (a.gzip) blob = await new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).blob();
    blobs[path] = new Blob([blob], { type: a.type });
  }
  const urls = link(bundle.modules, blobs);
  const entries = new Map(bundle.modules.map((m) => [urls[m.path], m.path]));
  const loader = URL.createObjectURL(new Blob(['const link = ' + link + ';\\n(' + workerMain + ')();'], { type: 'text/javascript' }));
  // Trusted Types: the worker's loader is a blob: URL this script just made; nothing else passes.
  const loaderPolicy = globalThis.trustedTypes?.createPolicy('textlens-loader', {
    createScriptURL(u) { if (u !== loader) throw new TypeError('not the textlens worker loader'); return u; },
  });
  const NativeWorker = Worker;
  globalThis.Worker = class extends NativeWorker {
    constructor(url, options) {
      const entry = entries.get(String(url));
      super(entry ? (loaderPolicy ? loaderPolicy.createScriptURL(loader) : loader) : url, entry ? { name: options?.name } : options);
      if (entry) this.postMessage({ textlens: { modules: bundle.modules, blobs, entry } });
    }
  };
  for (const entry of bundle.entries) await import(urls[entry]);
} catch (err) {
  const note = document.createElement('p');
  note.className = 'message error';
  note.setAttribute('role', 'alert');
  note.textContent = 'textlens could not start in this browser: ' + err.message;
  document.body.prepend(note);
  throw err;
}
`;

const cspHash = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
/** JSON that is safe inside <script>: no `</script`, no `<!--`. */
const scriptJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

/** Writes the single-file build of `www` to `file`; returns its size and what it holds. */
export function buildSingleFile(www, file) {
  let html = readFileSync(join(www, 'index.html'), 'utf8');
  const entries = [];
  html = html.replace(/[ \t]*<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"[^>]*><\/script>\n?/g, (_, src) => {
    entries.push(posix.normalize(src));
    return '';
  });
  if (entries.length === 0) throw new Error('index.html has no <script type="module" src=…>');
  const styles = [];
  html = html.replace(/<link\b[^>]*\brel="stylesheet"[^>]*>/g, (tag) => {
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    const css = readFileSync(join(www, href), 'utf8');
    if (/url\(\s*['"]?(?!data:)/.test(css)) throw new Error(`${href}: url() to another file cannot be inlined yet`);
    styles.push(css);
    return `<style>\n${css}</style>`;
  });

  const { order, modules, assets } = graph(www, entries);
  const bundle = { assets: {}, modules: [], entries };
  for (const path of assets) {
    const body = readFileSync(join(www, path));
    const type = typeOf(path);
    if (type.startsWith('text/') || type === 'application/json') {
      bundle.assets[path] = { type: `${type};charset=utf-8`, text: body.toString('utf8') };
    } else {
      const gz = gzipSync(body, { level: zlib.Z_BEST_COMPRESSION });
      bundle.assets[path] = { type, gzip: true, base64: gz.toString('base64') };
    }
  }
  for (const path of order) bundle.modules.push({ path, code: linkable(path, modules.get(path)) });

  // Scripts: only the loader (by hash) and the blob: modules it makes; styles by hash; no network.
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(LOADER)} blob: 'wasm-unsafe-eval'`,
    `style-src ${styles.map((s) => cspHash(`\n${s}`)).join(' ')}`,
    'worker-src blob:',
    'connect-src blob:',
    'img-src data: blob:',
    "object-src 'none'", "base-uri 'none'", "form-action 'none'",
    // As www/index.html: script URLs only through the page's policies, no HTML policy at all.
    "require-trusted-types-for 'script'", 'trusted-types textlens textlens-loader',
  ].join('; ');
  let replaced = 0;
  html = html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, () => {
    replaced++;
    return `<meta http-equiv="Content-Security-Policy" content="${csp}">`;
  });
  if (!replaced) throw new Error('index.html has no Content-Security-Policy meta to replace');
  const tail = `<script type="application/json" id="textlens-bundle">${scriptJson(bundle)}</script>\n` +
    `<script type="module">${LOADER}</script>\n`;
  if (!html.includes('</body>')) throw new Error('index.html has no </body>');
  // A function, not a string: the code holds `$&`-like sequences that replace() would expand.
  html = html.replace('</body>', () => `${tail}</body>`);
  writeFileSync(file, html);
  return { bytes: statSync(file).size, modules: order.length, assets };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const www = arg('--www', join(ROOT, 'www'));
  const out = arg('--out', join(ROOT, 'dist'));
  const site = buildSite(www, out);
  const single = buildSingleFile(www, join(out, 'textlens.html'));
  console.log(`${out}/: ${site.files} files, version ${site.version}`);
  console.log(`${out}/textlens.html: ${(single.bytes / 1e6).toFixed(2)} MB, ${single.modules} modules, ` +
    `${single.assets.length} other files (${single.assets.join(', ')})`);
}
