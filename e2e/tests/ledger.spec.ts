// 賃控元帳事務 (issue 11): a union clerk's month in the browser against the real server.
// The clerk reads the 種目 (LR111101) and searches the lines (LR101101); raises 組合費 by 500 yen for
// everyone from next month with 一括更新 (LR108101: the preview lists every line, before → after,
// then 更新); exports the lines (LR109101, CP932), edits one amount in the file and imports it
// (LR110101: the check shows 1 変更, 取込); the same file again changes nothing; a file with a bad
// row shows the per-row error table; makes next month's 控除依頼 and prints it (LR105101); prints
// the 労金控除賃控元帳依頼リスト (LR112101).
// Every screen is saved to screenshots/9x-<screen>.png; every PDF is checked to be a PDF, kept in
// test-results/ledger-downloads/ with its page 1 as a PNG (pdftoppm) for a look afterwards.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type BrowserContext, type Download, type Page } from '@playwright/test';
import {
  chooseGroup,
  demo,
  field,
  mainServer,
  menuEntry,
  newContext,
  registerAndIssue,
  screenId,
  snap,
  submitLogin,
  tempDir,
  type Demo,
} from '../helpers';

const CLERK = {
  user_id: 'chinko01',
  password: 'Chinko#2024a',
  user_name: '元帳　事務子',
  email: 'chinko@example.co.jp',
};

const KEEP = path.join(__dirname, '..', 'test-results', 'ledger-downloads');

/** The month `months` after this one (JST) as `YYYY-MM`. */
function monthPlus(months: number): string {
  const now = new Date(Date.now() + 9 * 3600_000);
  const index = now.getUTCFullYear() * 12 + now.getUTCMonth() + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `2024-07` as the screens print it: `2024年07月`. */
function jaMonth(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${m}月`;
}

/** `12,345` → 12345 */
function yenValue(text: string): number {
  return parseInt(text.replace(/[,円\s]/g, ''), 10);
}

// ---- CP932 ----

/** Chromium-free Shift_JIS (CP932) text: Node decodes it; the encoder is the decoder's inverse. */
const decoder = new TextDecoder('shift_jis');
let encodeTable: Map<string, number[]> | undefined;

function cp932Table(): Map<string, number[]> {
  if (encodeTable) return encodeTable;
  const table = new Map<string, number[]>();
  const strict = new TextDecoder('shift_jis', { fatal: true });
  for (let b = 0; b < 0x100; b++) {
    try {
      const ch = strict.decode(Uint8Array.of(b));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [b]);
    } catch {
      // a lead byte alone
    }
  }
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      try {
        const ch = strict.decode(Uint8Array.of(lead, trail));
        // The first pair wins: NEC row 13 before the IBM extension, as Windows writes them.
        if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
      } catch {
        // no character there
      }
    }
  }
  encodeTable = table;
  return table;
}

function encodeCp932(text: string): Buffer {
  const table = cp932Table();
  const out: number[] = [];
  for (const ch of text) {
    const bytes = table.get(ch);
    if (!bytes) throw new Error(`no CP932 for ${JSON.stringify(ch)}`);
    out.push(...bytes);
  }
  return Buffer.from(out);
}

// ---- CSV ----

/** One record's cells as written (quotes kept), so that an edit leaves the others byte for byte. */
function splitRaw(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

function unquote(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
}

/** The cell replaced, quoted the way it was. */
function withCell(cells: string[], index: number, value: string): string[] {
  const copy = [...cells];
  copy[index] = cells[index].startsWith('"') ? `"${value}"` : value;
  return copy;
}

// ---- files ----

let downloads = 0;

/** Saves a download, checks it is a PDF (page 1 kept as PNG) or a CSV; returns its path. */
async function expectFile(download: Download, kind: 'pdf' | 'csv', dir: string): Promise<string> {
  const name = download.suggestedFilename();
  const file = path.join(dir, name);
  await download.saveAs(file);
  fs.mkdirSync(KEEP, { recursive: true });
  const kept = path.join(KEEP, `${String(++downloads).padStart(2, '0')}-${name}`);
  fs.copyFileSync(file, kept);
  const bytes = fs.readFileSync(file);
  if (kind === 'pdf') {
    expect(name).toMatch(/\.pdf$/);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    try {
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', kept, kept.replace(/\.pdf$/, '')]);
    } catch {
      // poppler-utils missing: the PDF itself is kept
    }
  } else {
    expect(name).toMatch(/\.csv$/);
    expect(bytes.length).toBeGreaterThan(20);
  }
  return file;
}

async function download(page: Page, testid: string, kind: 'pdf' | 'csv', dir: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return expectFile(file, kind, dir);
}

/** 賃控元帳事務 → an item of its menu. */
async function openItem(page: Page, label: string, id: string): Promise<void> {
  await menuEntry(page, '賃控元帳事務').click();
  await expect(page).toHaveURL(/\/menu\/ledger$/);
  await page.getByRole('link', { name: label, exact: true }).click();
  await expect(screenId(page)).toHaveText(id);
  await expect(page.locator('h1.page-title')).toContainText(label.replace(/ /g, ''));
}

/** Picks 支給区分 and 控除年月 on a cycle screen. */
async function pickCycle(page: Page, occasion: string, month: string): Promise<void> {
  await page.locator('select[name="occasion"]').selectOption(occasion);
  await field(page, 'month').fill(month);
}

/** Checks a file on LR110101 (`check`) or takes it in (`apply`). */
async function sendFile(page: Page, file: { name: string; buffer: Buffer }, button: 'check' | 'apply'): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ ...file, mimeType: 'text/csv' });
  await page.getByTestId(`import-${button}`).click();
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 20_000 });
}

test.describe('賃控元帳事務: a clerk\'s month', () => {
  test.describe.configure({ mode: 'serial' });

  let contracts: Demo;
  let group = '';
  let dir = '';
  let pc: BrowserContext;
  let page: Page;
  const next = monthPlus(1);
  const consoleErrors: string[] = [];
  let exported: { text: string; lines: string[] } = { text: '', lines: [] };
  /** The file of the edited row: its 職員番号 and new 月例金額. */
  let edited = { employeeNo: '', amount: 0 };

  test.beforeAll(() => {
    dir = tempDir('cjs-e2e-ledger-');
  });

  test.afterAll(async () => {
    await pc?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the clerk logs in and reads the 種目 (LR111101): the demo items', async ({ browser }) => {
    // cjs demo fills 労金控除 and 賃控元帳 for every group: tens of seconds on a busy debug build.
    test.setTimeout(120_000);
    contracts = demo();
    group = contracts.member.groups[0].number;
    const p12 = await registerAndIssue(
      mainServer(), contracts.member.contractNumber, contracts.member.initialPassword, CLERK, dir,
    );
    pc = await newContext(browser, { path: p12, passphrase: CLERK.password });
    page = await pc.newPage();
    page.on('console', (m) => {
      // The bad file's check answers 422 on purpose: Chromium logs it as a failed load.
      const expected = page.url().endsWith('/ledger/import') && /status of 422/.test(m.text());
      if (m.type() === 'error' && !expected) consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('dialog', (d) => d.accept());
    await page.goto('/login');
    await field(page, 'password').fill(CLERK.password);
    await submitLogin(page);
    await chooseGroup(page, group);

    await menuEntry(page, '賃控元帳事務').click();
    await expect(page).toHaveURL(/\/menu\/ledger$/);
    await snap(page, '90-MN000001-ledger-menu');
    await openItem(page, '賃控元帳種目情報照会', 'LR111101');
    // cjs demo's five items, in 表示順.
    await expect(page.getByTestId('item-count')).toHaveText('抽出件数: 5件');
    const table = page.getByTestId('item-table');
    for (const [code, name] of [['101', '組合費'], ['201', '共済掛金'], ['301', '互助会費'], ['901', '労金エース預金'], ['902', '労金財形預金']]) {
      await expect(page.getByTestId(`item-row-${code}`)).toContainText(name);
    }
    await expect(table).toContainText('組合費');
    await expect(page.getByTestId('item-row-901')).toContainText('労金');
    expect(yenValue((await page.getByTestId('item-row-101').getByTestId('item-used-by').textContent()) ?? '0')).toBeGreaterThan(0);
    await snap(page, '91-LR111101-items');
  });

  test('searches the lines (LR101101)', async () => {
    await openItem(page, '賃控元帳明細照会', 'LR101101');
    await expect(page.getByTestId('line-count')).toContainText(/抽出件数: \d+件/);
    await expect(page.getByTestId('line-table').locator('tbody tr').first()).toBeVisible();
    await page.locator('select[name="item_code"]').selectOption('101');
    await page.locator('select[name="state"]').selectOption('active');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect(page.getByTestId('line-table').locator('tbody tr').first()).toContainText('組合費');
    await expect(page.getByTestId('line-table').locator('tbody tr').filter({ hasText: '共済掛金' })).toHaveCount(0);
    await snap(page, '92-LR101101-lines');
  });

  test('raises 組合費 by 500 yen from next month (LR108101): preview, then 更新', async () => {
    await openItem(page, '賃控元帳明細一括更新', 'LR108101');
    await page.locator('select[name="item_code"]').selectOption('101');
    await expect(page.getByTestId('item-allows')).toContainText('月例のみ');
    await page.locator('select[name="monthly"]').selectOption({ label: '差額指定' });
    await field(page, 'monthly_value').fill('500');
    await field(page, 'amounts_from').fill(next);
    await page.getByTestId('bulk-preview').click();
    const count = page.getByTestId('bulk-count');
    await expect(count).toContainText(/対象件数: \d+件/);
    const n = parseInt(/(\d+)件/.exec((await count.textContent()) ?? '')?.[1] ?? '0', 10);
    expect(n, 'the demo gives every member 組合費').toBeGreaterThan(100);
    // Every affected line is listed, each before → after, 500 yen more.
    const rows = page.getByTestId('bulk-change');
    await expect(rows).toHaveCount(n);
    for (const i of [0, n - 1]) {
      const monthly = (await rows.nth(i).locator('td').nth(4).textContent()) ?? '';
      const [before, after] = monthly.split('→').map(yenValue);
      expect(after - before, monthly).toBe(500);
    }
    await snap(page, '93-LR108101-preview');
    await page.getByTestId('bulk-apply').click();
    await expect(page.getByTestId('done')).toHaveText(`${n}件の明細を一括更新しました。`);
    await snap(page, '94-LR108101-applied');

    // The line now shows the new amount from next month, the old one kept beside it.
    await openItem(page, '賃控元帳明細照会', 'LR101101');
    await page.locator('select[name="item_code"]').selectOption('101');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    const first = page.getByTestId('line-table').locator('tbody tr').first();
    await expect(first).toContainText('（前回');
    await expect(first).toContainText(jaMonth(next));
  });

  test('exports the lines (LR109101) as CP932', async () => {
    await openItem(page, '賃控元帳明細データエクスポート', 'LR109101');
    await snap(page, '95-LR109101-export');
    const file = await download(page, 'csv', 'csv', dir);
    const text = decoder.decode(fs.readFileSync(file));
    const lines = text.split(/\r\n/).filter((l) => l !== '');
    expect(splitRaw(lines[0]).map(unquote).slice(0, 6)).toEqual([
      '職員番号', 'カナ氏名', '漢字氏名', '種目コード', '種目名', '月例金額',
    ]);
    expect(lines.length).toBeGreaterThan(300);
    exported = { text, lines };
  });

  test('imports the file with one amount changed (LR110101): 1 変更; again: nothing', async () => {
    const { lines } = exported;
    const at = lines.findIndex((l, i) => i > 0 && unquote(splitRaw(l)[3]) === '101');
    const cells = splitRaw(lines[at]);
    edited = { employeeNo: unquote(cells[0]), amount: yenValue(unquote(cells[5])) + 1000 };
    const changed = [...lines];
    changed[at] = withCell(cells, 5, String(edited.amount)).join(',');
    const file = { name: 'ledger-lines-edited.csv', buffer: encodeCp932(`${changed.join('\r\n')}\r\n`) };

    await openItem(page, '賃控元帳明細データインポート', 'LR110101');
    await field(page, 'amounts_from').fill(next);
    await sendFile(page, file, 'check');
    await expect(page.getByTestId('import-result')).toContainText('エラーはありません');
    await expect(page.getByTestId('import-counts')).toContainText('新規 0件　変更 1件');
    await expect(page.getByTestId('import-counts')).toContainText('エラー 0件');
    await snap(page, '96-LR110101-check');
    await page.getByTestId('import-apply').click();
    await expect(page.getByTestId('done')).toContainText('新規 0件、変更 1件');

    // The same file again: every row is as the ledger has it.
    await sendFile(page, file, 'check');
    await expect(page.getByTestId('import-counts')).toContainText('新規 0件　変更 0件');
    await page.getByTestId('import-apply').click();
    await expect(page.getByTestId('done')).toContainText('新規 0件、変更 0件');
    await snap(page, '97-LR110101-again');

    // 明細照会 shows the imported amount.
    await openItem(page, '賃控元帳明細照会', 'LR101101');
    await field(page, 'employee_no').fill(edited.employeeNo);
    await page.locator('select[name="item_code"]').selectOption('101');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect(page.getByTestId('line-table').locator('tbody tr').first())
      .toContainText(edited.amount.toLocaleString('en-US'));
  });

  test('a file with a bad row is refused with the per-row error table', async () => {
    const { lines } = exported;
    const at = lines.findIndex((l, i) => i > 2 && unquote(splitRaw(l)[3]) === '101');
    const broken = [...lines];
    broken[at] = withCell(splitRaw(lines[at]), 5, '12a00').join(',');
    const file = { name: 'ledger-lines-bad.csv', buffer: encodeCp932(`${broken.join('\r\n')}\r\n`) };
    await openItem(page, '賃控元帳明細データインポート', 'LR110101');
    await field(page, 'amounts_from').fill(next);
    await sendFile(page, file, 'check');
    await expect(page.getByTestId('import-result')).toContainText('エラーがあります');
    const problem = page.getByTestId('import-problem');
    await expect(problem).toHaveCount(1);
    await expect(problem.first()).toContainText(String(at + 1));
    await expect(problem.first()).toContainText('月例金額');
    await snap(page, '98-LR110101-errors');
    // 取込 anyway: refused whole, the same rows named.
    await page.getByTestId('import-apply').click();
    await expect(page.getByTestId('error')).toContainText('E1038');
    await expect(page.getByTestId('import-result')).toContainText('1行も更新していません');
    await expect(page.getByTestId('import-problem')).toHaveCount(1);
  });

  test('makes next month\'s 控除依頼 and prints it (LR105101)', async () => {
    await openItem(page, '賃控元帳控除依頼リスト出力', 'LR105101');
    await pickCycle(page, 'monthly', next);
    await expect(page.getByTestId('no-run')).toBeVisible();
    await page.getByTestId('create-run').click();
    await expect(page.getByTestId('done')).toContainText('控除依頼データを作成しました');
    await expect(page.getByTestId('run-summary')).toContainText('件');
    await expect(page.getByTestId('line-row').first()).toBeVisible();
    await snap(page, '99-LR105101-run');
    await download(page, 'pdf-request', 'pdf', dir);
    await download(page, 'pdf-mismatch', 'pdf', dir);
  });

  test('prints the 労金控除賃控元帳依頼リスト (LR112101)', async () => {
    await openItem(page, '労金控除賃控元帳依頼リスト出力', 'LR112101');
    await pickCycle(page, 'monthly', next);
    await expect(page.getByTestId('combined-table')).toBeVisible();
    await expect(page.getByTestId('combined-total').first()).toBeVisible();
    await snap(page, '100-LR112101-combined');
    await download(page, 'file', 'pdf', dir);
    expect(consoleErrors).toEqual([]);
  });
});
