// Where global setup leaves the server's pid and data directory for global teardown.
import fs from 'node:fs';
import path from 'node:path';

export interface ServerState {
  pid: number;
  dataDir: string;
  baseUrl: string;
}

const STATE_FILE = path.join(__dirname, '.run', 'server.json');

export function saveState(state: ServerState): void {
  fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

export function loadState(): ServerState | undefined {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as ServerState;
  } catch {
    return undefined;
  }
}

export function clearState(): void {
  fs.rmSync(STATE_FILE, { force: true });
}
