// Starts the real `cjs serve` on a free port with a fresh data directory, and waits until it
// answers /api/v1/health over HTTPS.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { clearState, saveState } from './server-state';

const E2E_DIR = __dirname;
const SPA_DIR = path.resolve(E2E_DIR, '..', 'frontend', 'dist');
const LOG_FILE = path.join(E2E_DIR, 'test-results', 'cjs-server.log');
const START_TIMEOUT_MS = 60_000;

function serverBinary(): string {
  const bin = process.env.CJS_BIN;
  if (!bin) {
    throw new Error(
      'CJS_BIN is not set: point it at the server binary, e.g. CJS_BIN=/var/tmp/cjs-target/debug/cjs',
    );
  }
  const resolved = path.resolve(bin);
  if (!fs.existsSync(resolved)) {
    throw new Error(`CJS_BIN=${bin}: no such file (build it with cargo build -p cjs-server --bin cjs)`);
  }
  return resolved;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** The health endpoint's status code, or undefined when the server does not answer yet. */
function healthStatus(baseUrl: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = https.get(
      `${baseUrl}/api/v1/health`,
      { rejectUnauthorized: false, timeout: 2_000 },
      (response) => {
        response.resume();
        resolve(response.statusCode);
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export default async function globalSetup(_config: FullConfig): Promise<void> {
  // A state file left by a crashed run must not make teardown signal an unrelated pid.
  clearState();
  const bin = serverBinary();
  if (!fs.existsSync(path.join(SPA_DIR, 'index.html'))) {
    throw new Error(`${SPA_DIR}/index.html is missing: build the SPA first (cargo xtask spa)`);
  }

  const port = await freePort();
  const baseUrl = `https://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cjs-e2e-'));
  fs.mkdirSync(path.dirname(LOG_FILE), { recursive: true });
  const log = fs.openSync(LOG_FILE, 'w');

  const server = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      CJS__DATA_DIR: dataDir,
      CJS__SERVER__BIND: `127.0.0.1:${port}`,
      CJS__SERVER__SPA_DIR: SPA_DIR,
      CJS__POLICY__SERVICE_HOURS: 'false',
      CJS__LOG__FORMAT: 'json',
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  if (server.pid === undefined) {
    throw new Error(`could not start ${bin}`);
  }
  let exited: string | undefined;
  server.on('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  // If the runner dies without teardown, do not leave the server behind.
  process.on('exit', () => {
    if (exited === undefined) server.kill('SIGKILL');
  });
  saveState({ pid: server.pid, dataDir, baseUrl });

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`cjs serve stopped (${exited}) before answering; log ${LOG_FILE}:\n${tail(LOG_FILE)}`);
    }
    if ((await healthStatus(baseUrl)) === 200) break;
    if (Date.now() > deadline) {
      throw new Error(`cjs serve did not answer ${baseUrl}/api/v1/health within 60 s; log ${LOG_FILE}:\n${tail(LOG_FILE)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  process.env.CJS_BASE_URL = baseUrl;
  process.env.CJS_DATA_DIR = dataDir;
  console.log(`cjs serve is up at ${baseUrl} (data ${dataDir}, log ${LOG_FILE})`);
}
