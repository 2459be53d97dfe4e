// A failed start of the analysis engine is not remembered forever (#13): the worker's next call
// tries again. Its own file (a process of its own): here the wasm is never initialised, and in Node
// the worker's wasm URL (file:) cannot be fetched, so every start fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureReady } from '../../www/worker.js';

test('a failed start of the engine is tried again on the next call, and said in words', async () => {
  const first = ensureReady();
  await assert.rejects(first, (err) => err.name === 'EngineUnavailable' && /could not start/.test(err.message));
  const second = ensureReady();
  assert.notEqual(second, first, 'the failed start was memoised');
  await assert.rejects(second, { name: 'EngineUnavailable' });
});
