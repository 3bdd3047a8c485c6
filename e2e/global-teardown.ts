// Stops the server started by global-setup.ts (SIGTERM, SIGKILL after 10 s) and removes its data
// directory (kept when CJS_E2E_KEEP_DATA=1, for a look after a failure).
import fs from 'node:fs';
import type { FullConfig } from '@playwright/test';
import { clearState, loadState } from './server-state';

const STOP_TIMEOUT_MS = 10_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stop(pid: number): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (alive(pid) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (alive(pid)) {
    console.warn(`cjs serve (pid ${pid}) ignored SIGTERM for 10 s; sending SIGKILL`);
    process.kill(pid, 'SIGKILL');
  }
}

export default async function globalTeardown(_config: FullConfig): Promise<void> {
  const state = loadState();
  if (!state) return;
  await stop(state.pid);
  if (process.env.CJS_E2E_KEEP_DATA === '1') {
    console.log(`kept the server's data directory ${state.dataDir}`);
  } else {
    fs.rmSync(state.dataDir, { recursive: true, force: true });
  }
  clearState();
}
