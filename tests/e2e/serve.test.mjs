// `./build.sh serve` prints a URL at which the page works: the newcomer's first command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { open, dropFiles, ROOT, readSeeds } from './harness.mjs';

test('./build.sh serve prints a URL where the page loads and analyses files', async () => {
  // Port 0: the server picks a free port and prints the URL it is listening on.
  const child = spawn(join(ROOT, 'build.sh'), ['serve', '0'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URL printed within 120 s; output: ${out}`)), 120_000);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (m) { clearTimeout(timer); resolve(m[0]); }
      });
      child.on('exit', (code) => reject(new Error(`build.sh serve exited with ${code}; output: ${out}`)));
    });
    const ctx = await open({ at: url });
    try {
      await dropFiles(ctx.page, readSeeds());
      await ctx.page.waitForFunction(() => document.querySelectorAll('#view-documents .doc-name').length === 2);
      assert.deepEqual(ctx.errors, []);
    } finally {
      await ctx.close();
    }
  } finally {
    process.kill(-child.pid, 'SIGTERM');
  }
});
