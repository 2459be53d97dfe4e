// Shared set-up for browser tests: serve www/ on 127.0.0.1, drive Debian's Chromium with
// playwright-core, and record console errors and every request the page makes.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../tools/serve.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = join(ROOT, '..', 'shared', 'corpus');
export const SEEDS = [
  join(SHARED, 'seeds', '000_61b16b637bcca7d8.txt'),
  join(SHARED, 'seeds', '001_242e04c1848bbad0.txt'),
];

/** The seed pair as files to drop (`{name, bytes}`). */
export const readSeeds = () => SEEDS.map((p) => ({ name: p.split('/').pop(), bytes: readFileSync(p) }));

/** The four Chinese novels of ../shared in one file (8.9 MB): its analysis lasts long enough to watch and to cancel. */
export const readNovels = () => Buffer.concat(['hongloumeng_simp.txt', 'sanguoyanyi_simp.txt', 'shuihuzhuan_simp.txt', 'xiyouji_simp.txt']
  .map((f) => readFileSync(join(SHARED, 'text', 'zh', f))));

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Starts the server and browser; returns {page, url, errors, requests, close()}.
 * `errors` collects console errors and page errors; `requests` every URL requested.
 */
export async function open({ viewport = { width: 1280, height: 900 }, locale = 'en-US', at } = {}) {
  // `at`: a URL served by someone else (e.g. `./build.sh serve`); by default, serve www/ here.
  const { server, url } = at ? { server: { close() {} }, url: at } : await serve(join(ROOT, 'www'), 0);
  const profile = mkdtempSync(join(tmpdir(), 'textlens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport, locale,
  });
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  const requests = [];
  const failed = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  context.on('request', (r) => requests.push(r.url()));
  context.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  context.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.url()} ${r.status()}`); });
  await page.goto(url);
  await page.waitForFunction(() => document.body.classList.contains('ready'), null, { timeout: 30_000 });
  return {
    page, url, errors, requests, failed,
    async close() {
      await context.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Drops files (given as [{name, bytes}]) on the page the way a person's drag and drop does. */
export async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: f.name, data: [...f.bytes] }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.data)], f.name));
    const target = document.querySelector('main');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, payload);
}

/**
 * Waits until `n` documents are listed and nothing is at work: the batch is read and its terms
 * found, so the views are drawn for the last time and what a test clicks stays on the page.
 */
export async function loaded(page, n) {
  await page.waitForFunction((k) => document.querySelectorAll('#view-documents .doc-name').length === k
    && document.getElementById('progress').hidden, n, { timeout: 30_000 });
}

/** Names listed in the Documents view. */
export async function listedNames(page) {
  return page.locator('#view-documents .doc-name').allTextContents();
}

/** Every request went to the page's own origin (data: URLs never leave the page). */
export function foreignRequests(requests, url) {
  const origin = new URL(url).origin;
  return requests.filter((r) => !r.startsWith('data:') && !r.startsWith('blob:') && new URL(r).origin !== origin);
}

/** Starts recording every state of the progress bar into `window.seen`: [{value, stage, label}]. */
export async function watchProgress(page) {
  await page.evaluate(() => {
    window.seen = [];
    const record = () => {
      if (document.getElementById('progress').hidden) return;
      window.seen.push({ value: document.getElementById('progress-bar').value,
        stage: document.getElementById('progress').dataset.stage,
        label: document.getElementById('progress-label').textContent });
    };
    new MutationObserver(record).observe(document.getElementById('progress'),
      { subtree: true, childList: true, characterData: true, attributes: true });
  });
}
