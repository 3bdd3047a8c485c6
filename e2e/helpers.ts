// Helpers for the browser tests: the operator CLI, the mail outbox, client certificates, screenshots,
// the software keyboard and a second server for tests that need their own policy.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';

export const SCREENSHOTS = path.resolve(__dirname, 'screenshots');
const SPA_DIR = path.resolve(__dirname, '..', 'frontend', 'dist');
const RESULTS = path.resolve(__dirname, 'test-results');

export function baseUrl(): string {
  const url = process.env.CJS_BASE_URL;
  if (!url) throw new Error('CJS_BASE_URL is not set (global setup did not run)');
  return url;
}

export function dataDir(): string {
  const dir = process.env.CJS_DATA_DIR;
  if (!dir) throw new Error('CJS_DATA_DIR is not set (global setup did not run)');
  return dir;
}

function binary(): string {
  const bin = process.env.CJS_BIN;
  if (!bin) throw new Error('CJS_BIN is not set');
  return path.resolve(bin);
}

/** `cjs operator … --json` on the given data directory (the server's database); the parsed output. */
export function operator(args: string[], dir = dataDir()): any {
  const out = execFileSync(binary(), ['operator', ...args, '--json'], {
    env: { ...process.env, CJS__DATA_DIR: dir },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const last = out.trim().split('\n').pop() ?? '';
  return JSON.parse(last);
}

/** A contract `cjs demo` made: its number, initial password and payment groups. */
export interface DemoContract {
  contractNumber: string;
  initialPassword: string;
  groups: { number: string; name: string }[];
}

export interface Demo {
  member: DemoContract;
  employer: DemoContract;
}

/**
 * Reads what `cjs demo` prints: `会員 (労働組合)   契約番号 NNNNNNNN   初期パスワード …` and
 * `事業主 … 契約番号 …`, each followed by its `    入金グループ NNNNNNNN 名前` lines.
 */
export function parseDemo(out: string): Demo {
  const contracts: Partial<Record<'member' | 'employer', DemoContract>> = {};
  let current: DemoContract | undefined;
  for (const line of out.split('\n')) {
    const contract = /^(会員|事業主).*契約番号\s+(\d{8})\s+初期パスワード\s+(\S+)/.exec(line.trim());
    if (contract) {
      current = { contractNumber: contract[2], initialPassword: contract[3], groups: [] };
      contracts[contract[1] === '会員' ? 'member' : 'employer'] = current;
      continue;
    }
    const group = /^入金グループ\s+(\d{8})(?:\s+(.+))?$/.exec(line.trim());
    if (group && current) current.groups.push({ number: group[1], name: group[2] ?? '' });
  }
  if (!contracts.member || !contracts.employer) {
    throw new Error(`cjs demo printed no member or no employer contract:\n${out}`);
  }
  return { member: contracts.member, employer: contracts.employer };
}

/**
 * `cjs demo` on the given data directory: a member contract with 4 payment groups and an employer
 * contract, a year of schedules, 一斉積立 headers, the employer's 作成基準日, お知らせ and manuals.
 */
export function demo(dir = dataDir()): Demo {
  const out = execFileSync(binary(), ['demo'], {
    env: { ...process.env, CJS__DATA_DIR: dir },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return parseDemo(out);
}

/** A full-page screenshot `screenshots/<name>.png` (name like `07-DC582101-login`). */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// ---- mail outbox ----

function outbox(dir: string): string {
  return path.join(dir, 'outbox');
}

/** The .eml files in the outbox now (to tell the next mail from earlier ones). */
export function outboxFiles(dir = dataDir()): Set<string> {
  try {
    return new Set(fs.readdirSync(outbox(dir)).filter((f) => f.endsWith('.eml')));
  } catch {
    return new Set();
  }
}

/**
 * The 6-digit code of the newest verification mail to `userId` that arrived after `before`:
 * the same `認証コード：NNNNNN` line a customer reads.
 */
export async function verificationCode(
  userId: string,
  before: Set<string>,
  dir = dataDir(),
): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const fresh = [...outboxFiles(dir)]
      .filter((f) => !before.has(f))
      .map((f) => path.join(outbox(dir), f))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    for (const file of fresh) {
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes(`ユーザーID：${userId}`)) continue;
      const code = /認証コード：(\d{6})/.exec(text)?.[1];
      if (code) return code;
    }
    if (Date.now() > deadline) {
      throw new Error(`no verification mail to ${userId} in ${outbox(dir)} within 15 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---- browser contexts ----

export interface Pfx {
  path: string;
  passphrase: string;
}

/** A new browser context (a separate "PC"), optionally presenting a client certificate. */
export async function newContext(
  browser: Browser,
  pfx?: Pfx,
  base = baseUrl(),
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: base,
    ignoreHTTPSErrors: true,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    clientCertificates: pfx
      ? [{ origin: base, pfxPath: pfx.path, passphrase: pfx.passphrase }]
      : undefined,
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A CA of our own and a client certificate from it, as an AES-protected .p12. */
export function foreignCertificate(dir: string, cn: string, passphrase: string): string {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt',
    '-days', '30', '-subj', '/O=Foreign Bank/CN=Foreign Root CA']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr',
    '-subj', `/O=Foreign Bank/CN=${cn}`]);
  fs.writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '30', '-out', 'client.crt', '-extfile', 'client.ext']);
  run(['pkcs12', '-export', '-inkey', 'client.key', '-in', 'client.crt', '-certfile', 'ca.crt',
    '-out', 'foreign.p12', '-passout', `pass:${passphrase}`,
    '-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256']);
  return path.join(dir, 'foreign.p12');
}

/**
 * A client certificate signed by the service's own development CA (`<data dir>/pki`) whose
 * validity ended long ago, as an AES-protected .p12: trusted, but expired.
 */
export function expiredCertificate(dir: string, pkiDir: string, cn: string, passphrase: string): string {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '5A17E0\n');
  fs.writeFileSync(
    path.join(dir, 'ca.cnf'),
    [
      '[ca]', 'default_ca = expired',
      '[expired]', 'dir = .', 'database = index.txt', 'new_certs_dir = .', 'serial = serial',
      'default_md = sha256', 'policy = anything', 'unique_subject = no',
      '[anything]', 'commonName = supplied', 'organizationName = optional',
      '[client]', 'basicConstraints = CA:FALSE', 'keyUsage = digitalSignature',
      'extendedKeyUsage = clientAuth', '',
    ].join('\n'),
  );
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'expired.key', '-out', 'expired.csr',
    '-subj', `/O=cjs/CN=${cn}`]);
  run(['ca', '-batch', '-config', 'ca.cnf', '-cert', path.join(pkiDir, 'ca.crt'),
    '-keyfile', path.join(pkiDir, 'ca.key'), '-in', 'expired.csr', '-out', 'expired.crt',
    '-startdate', '20240101000000Z', '-enddate', '20250101000000Z', '-extensions', 'client',
    '-notext']);
  run(['pkcs12', '-export', '-inkey', 'expired.key', '-in', 'expired.crt',
    '-out', 'expired.p12', '-passout', `pass:${passphrase}`,
    '-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256']);
  return path.join(dir, 'expired.p12');
}

// ---- screens ----

export function screenId(page: Page): Locator {
  return page.getByTestId('screen-id');
}

export function field(page: Page, name: string): Locator {
  return page.locator(`[name="${name}"]`);
}

/** The menu bar entry, by its visible text. */
export function menuEntry(page: Page, label: string): Locator {
  const menu = page.getByTestId('menu');
  return menu
    .getByRole('link', { name: label, exact: true })
    .or(menu.getByRole('button', { name: label, exact: true }));
}

/**
 * Types `text` into the password field `name` with the software keyboard: opens it with the
 * ソフトウェアキーボード button beside the field, switches 大文字/小文字 once (both cases stay on
 * the keyboard), clicks a key per character and closes the keyboard.
 */
export async function typeWithSoftKeyboard(page: Page, name: string, text: string): Promise<void> {
  const input = field(page, name);
  const toggle = page.getByTestId(`soft-keyboard-toggle-${name}`);
  await expect(toggle).toHaveText('ソフトウェアキーボード');
  await toggle.click();
  const keyboard = page.getByTestId('soft-keyboard');
  await expect(keyboard).toBeVisible();
  await keyboard.locator('button[data-key=case]').click();
  for (const ch of text) {
    await keyboard.locator(`button[data-key="${ch.replace(/["\\]/g, '\\$&')}"]`).click();
  }
  await expect(input).toHaveValue(text);
}

/** Clicks ログイン on DC582101 and waits for the server's answer. */
export async function submitLogin(page: Page): Promise<void> {
  await Promise.all([
    page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST',
    ),
    page.getByRole('button', { name: 'ログイン', exact: true }).click(),
  ]);
}

/** DC590101: picks the group by its number and lands on the information screen. */
export async function chooseGroup(page: Page, number: string): Promise<void> {
  await expect(screenId(page)).toHaveText('DC590101');
  await page
    .getByTestId(`group-${number}`)
    .getByRole('button', { name: '選択', exact: true })
    .click();
  await expect(screenId(page)).toHaveText('DC671101');
  await expect(page).toHaveURL(/\/info$/);
}

export async function closeSoftKeyboard(page: Page): Promise<void> {
  const keyboard = page.getByTestId('soft-keyboard');
  await keyboard.locator('button[data-key=close]').click();
  await expect(keyboard).toBeHidden();
}

// ---- a second server ----

export function freePort(): Promise<number> {
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

export interface Server {
  baseUrl: string;
  dataDir: string;
  process: ChildProcess;
  ca: Buffer;
  stop(): Promise<void>;
}

/** Another `cjs serve` on a free port with a fresh data directory and the given settings. */
export async function startServer(env: Record<string, string>, label: string): Promise<Server> {
  const port = await freePort();
  const base = `https://127.0.0.1:${port}`;
  const dir = tempDir(`cjs-e2e-${label}-`);
  fs.mkdirSync(RESULTS, { recursive: true });
  const logFile = path.join(RESULTS, `cjs-server-${label}.log`);
  const log = fs.openSync(logFile, 'w');
  const child = spawn(binary(), ['serve'], {
    env: {
      ...process.env,
      CJS__DATA_DIR: dir,
      CJS__SERVER__BIND: `127.0.0.1:${port}`,
      CJS__SERVER__SPA_DIR: SPA_DIR,
      CJS__POLICY__SERVICE_HOURS: 'false',
      CJS__LOG__FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitedPromise;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`second server stopped before answering; see ${logFile}`);
    const status = await new Promise<number | undefined>((resolve) => {
      const req = https.get(`${base}/api/v1/health`, { rejectUnauthorized: false, timeout: 2_000 }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(undefined));
    });
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`second server did not answer within 30 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const ca = fs.readFileSync(path.join(dir, 'pki', 'ca.crt'));
  return { baseUrl: base, dataDir: dir, process: child, ca, stop };
}

/** What the API helpers need of a server: where it answers, its data and its CA. */
export type ServerAddress = Pick<Server, 'baseUrl' | 'dataDir' | 'ca'>;

/** The server global setup started (the one the tests' `page` talks to). */
export function mainServer(): ServerAddress {
  const dir = dataDir();
  return { baseUrl: baseUrl(), dataDir: dir, ca: fs.readFileSync(path.join(dir, 'pki', 'ca.crt')) };
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json(): any;
}

/** A JSON request to `server` over HTTPS, verified against its own CA. */
export function api(server: ServerAddress, method: string, route: string, body?: unknown): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = https.request(
      `${server.baseUrl}/api/v1${route}`,
      {
        method,
        ca: server.ca,
        // No pooled keep-alive socket: a test's execSync (cjs demo, the operator CLI) blocks the
        // event loop past the server's keep-alive, so Node would hand the next request a socket
        // the server already closed ("socket hang up").
        agent: false,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
          : {},
        timeout: 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const data = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: data,
            json: () => JSON.parse(data.toString('utf8')),
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${route} timed out`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Registration and certificate issuance through the API, as the SPA does it: returns the .p12. */
export async function registerAndIssue(
  server: ServerAddress,
  contractNumber: string,
  initialPassword: string,
  user: { user_id: string; password: string; user_name: string; email: string },
  p12Dir: string,
): Promise<string> {
  const expectStatus = (r: ApiResponse, status: number, what: string) => {
    if (r.status !== status) {
      throw new Error(`${what}: HTTP ${r.status} ${r.body.toString('utf8')}`);
    }
  };
  const contract = await api(server, 'POST', '/registration/contract', {
    contract_number: contractNumber,
    initial_password: initialPassword,
  });
  expectStatus(contract, 200, 'registration/contract');
  const master = await api(server, 'POST', '/registration/master', {
    registration_token: contract.json().registration_token,
    user_id: user.user_id,
    password: user.password,
    password_confirmation: user.password,
    user_name: user.user_name,
    email: user.email,
    email_confirmation: user.email,
  });
  if (master.status < 200 || master.status > 299) {
    throw new Error(`registration/master: HTTP ${master.status} ${master.body.toString('utf8')}`);
  }
  const before = outboxFiles(server.dataDir);
  const challenge = await api(server, 'POST', '/certificates/challenge', {
    user_id: user.user_id,
    password: user.password,
  });
  expectStatus(challenge, 200, 'certificates/challenge');
  const code = await verificationCode(user.user_id, before, server.dataDir);
  const verify = await api(server, 'POST', '/certificates/verify', {
    challenge_id: challenge.json().challenge_id,
    code,
  });
  expectStatus(verify, 200, 'certificates/verify');
  const issue = await api(server, 'POST', '/certificates/issue', {
    issue_token: verify.json().issue_token,
  });
  expectStatus(issue, 200, 'certificates/issue');
  const file = path.join(p12Dir, `${user.user_id}.p12`);
  fs.writeFileSync(file, issue.body);
  return file;
}

/** A JST calendar date `days` after today as the information screen prints it: `2012年10月09日`. */
export function jaDatePlus(days: number): string {
  const { y, m, d } = jstDatePlus(days);
  return `${y}年${String(m).padStart(2, '0')}月${String(d).padStart(2, '0')}日`;
}

/** An API date `2012-10-09` (or month `2012-10`) as the screen prints it: `2012年10月09日`, `2012年10月`. */
export function jaDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return d === undefined ? `${y}年${m}月` : `${y}年${m}月${d}日`;
}

/** A JST calendar date `days` after today, as {y, m, d}. */
export function jstDatePlus(days: number): { y: number; m: number; d: number } {
  const jst = new Date(Date.now() + 9 * 3600_000 + days * 86_400_000);
  return { y: jst.getUTCFullYear(), m: jst.getUTCMonth() + 1, d: jst.getUTCDate() };
}

/** A certificate for a user that exists already (a general user with the master's temporary password). */
export async function issueCertificate(
  server: ServerAddress,
  user: { user_id: string; password: string },
  p12Dir: string,
): Promise<string> {
  const before = outboxFiles(server.dataDir);
  const challenge = await api(server, 'POST', '/certificates/challenge', {
    user_id: user.user_id,
    password: user.password,
  });
  if (challenge.status !== 200) {
    throw new Error(`certificates/challenge: HTTP ${challenge.status} ${challenge.body.toString('utf8')}`);
  }
  const code = await verificationCode(user.user_id, before, server.dataDir);
  const verify = await api(server, 'POST', '/certificates/verify', {
    challenge_id: challenge.json().challenge_id,
    code,
  });
  if (verify.status !== 200) {
    throw new Error(`certificates/verify: HTTP ${verify.status} ${verify.body.toString('utf8')}`);
  }
  const issue = await api(server, 'POST', '/certificates/issue', { issue_token: verify.json().issue_token });
  if (issue.status !== 200) {
    throw new Error(`certificates/issue: HTTP ${issue.status} ${issue.body.toString('utf8')}`);
  }
  const file = path.join(p12Dir, `${user.user_id}.p12`);
  fs.writeFileSync(file, issue.body);
  return file;
}

/** A JST calendar date `days` after today as the API writes it: `2012-10-09`. */
export function isoDatePlus(days: number): string {
  const { y, m, d } = jstDatePlus(days);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// ---- downloaded files ----

/** CP932 (Shift_JIS as Windows writes it) bytes as text. */
export function decodeCp932(bytes: Buffer): string {
  return new TextDecoder('shift_jis').decode(bytes);
}

/** A CSV file's records split into cells (RFC 4180 quoting), the CRLF line ends checked. */
export function csvRecords(text: string): string[][] {
  expect(text.includes('\n') ? text.includes('\r\n') : true, 'CRLF line ends').toBe(true);
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      cells.push(cell);
      records.push(cells);
      cells = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push(cells);
  }
  return records;
}

function hasTool(tool: string): boolean {
  try {
    execFileSync(tool, ['-v'], { stdio: 'pipe' });
    return true;
  } catch (e: any) {
    // pdftotext -v exits 0 on new poppler, 99 on old ones: either way it ran.
    return e?.code !== 'ENOENT';
  }
}

/** The PDF's text as `pdftotext -layout` reads it (poppler-utils), or undefined when it is not installed. */
export function pdfText(file: string): string | undefined {
  if (!hasTool('pdftotext')) return undefined;
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** The PDF's text lines, runs of white space (U+3000 too) made one space, blank lines dropped. */
export function pdfLines(file: string): string[] | undefined {
  return pdfText(file)
    ?.split('\n')
    .map((l) => l.trim().split(/\s+/).join(' '))
    .filter((l) => l !== '');
}

/** The PDF's number of pages (pdfinfo), or undefined when poppler-utils is not installed. */
export function pdfPages(file: string): number | undefined {
  if (!hasTool('pdfinfo')) return undefined;
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = /^Pages:\s+(\d+)/m.exec(info)?.[1];
  return pages === undefined ? undefined : parseInt(pages, 10);
}

/** Page 1 of the PDF as `screenshots/<name>.png` (pdftoppm, 80 dpi), beside the screen shots. */
export function pdfPageShot(file: string, name: string): void {
  if (!hasTool('pdftoppm')) return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, path.join(SCREENSHOTS, name)]);
}

/**
 * Clicks `trigger`, saves the download under `dir` and a copy in test-results/<keep>/, checks the
 * name's extension and, for a PDF, the `%PDF-` magic; returns the saved path and its bytes.
 */
export async function saveDownload(
  page: Page,
  trigger: Locator,
  kind: 'pdf' | 'csv',
  dir: string,
  keep: string,
): Promise<{ file: string; name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  const name = download.suggestedFilename();
  const file = path.join(dir, name);
  await download.saveAs(file);
  const kept = path.join(RESULTS, keep);
  fs.mkdirSync(kept, { recursive: true });
  fs.copyFileSync(file, path.join(kept, name));
  const bytes = fs.readFileSync(file);
  expect(name.endsWith(`.${kind}`), name).toBe(true);
  if (kind === 'pdf') expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return { file, name, bytes };
}
