// 財形貯蓄事務 (issue 12): an employer's master reads the bank's 財形 data in the browser against the
// real server. cjs demo loads three cycles of each document the employer contracted; the newest
// 預入依頼書（月例） is 10 days old, its 入金予定日 9 days later. The master opens 財形積立明細照会
// (ZK101101), picks 預入依頼書（月例） and its newest 作成基準日, reads the totals per 財形種類 and
// the 変更明細; prints the 財形積立明細書 (預入依頼書 with 入金予定日) and the 財形積立変更明細書
// (ZK102101); exports the 財形積立明細データ (ZK103101); and reads the 加入者残高一覧表. What the
// screens show is checked against the files.
// Screens are saved to screenshots/13x-<screen>.png, page 1 of each PDF beside them.
import fs from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  csvRecords,
  decodeCp932,
  demo,
  field,
  isoDatePlus,
  jaDate,
  jaDatePlus,
  mainServer,
  menuEntry,
  newContext,
  pdfPageShot,
  pdfLines,
  registerAndIssue,
  saveDownload,
  screenId,
  snap,
  submitLogin,
  tempDir,
  type Demo,
} from '../helpers';

const MASTER = {
  // information.spec.ts's employer master is zaikei01: user IDs are unique across the server.
  user_id: 'zkmeisai01',
  password: 'Zaikei#2024a',
  user_name: '財形　花子',
  email: 'zaikei@example.co.jp',
};
const KEEP = 'zaikei-downloads';
const KINDS = [
  ['general', '一般'],
  ['housing', '住宅'],
  ['pension', '年金'],
] as const;
const DEPOSIT_HEADER = [
  '帳票', '作成基準日', '入金予定日', '行番号', '職員番号', 'カナ氏名', '漢字氏名', '財形種類', '店番', '口座番号', '預入金額', '奨励金',
];
const CHANGES_HEADER = [
  '帳票', '作成基準日', '比較対象作成基準日', '行番号', '変更区分', '職員番号', 'カナ氏名', '漢字氏名', '財形種類',
  '変更前店番', '変更前口座番号', '変更前預入金額', '変更前奨励金', '変更後店番', '変更後口座番号', '変更後預入金額', '変更後奨励金',
];
const BALANCE_HEADER = [
  '帳票', '作成基準日', '行番号', '職員番号', 'カナ氏名', '漢字氏名', '財形種類', '店番', '口座番号', '残高',
];

/** `12,345` / `12,345円` / `12件` → 12345 */
function num(text: string | null): number {
  return parseInt((text ?? '').replace(/[,円件\s]/g, ''), 10);
}

/** The same day a month earlier, the last day of that month when it has no such day (as chrono's `checked_sub_months`). */
function monthBefore(iso: string): string {
  const [y, m, d] = iso.split('-').map((x) => parseInt(x, 10));
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  const last = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  return `${py}-${String(pm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** 財形貯蓄事務 → an item of its menu. */
async function openItem(page: Page, label: string, id: string): Promise<void> {
  await menuEntry(page, '財形貯蓄事務').click();
  await expect(page).toHaveURL(/\/menu\/zaikei$/);
  await page.getByRole('link', { name: label, exact: true }).click();
  await expect(screenId(page)).toHaveText(id);
  await expect(page.locator('h1.page-title')).toContainText(label);
}

/** Picks the document and one of its kept 作成基準日 (ISO). */
async function pickCycle(page: Page, document: string, baseDate: string): Promise<void> {
  await page.locator('select[name="document"]').selectOption(document);
  const dates = page.locator('select[name="base_date"]');
  await expect(dates.locator(`option[value="${baseDate}"]`)).toHaveCount(1);
  await dates.selectOption(baseDate);
}

test.describe('財形貯蓄事務: an employer master reads the 預入依頼書 and the 残高', () => {
  test.describe.configure({ mode: 'serial' });

  let contracts: Demo;
  let group = '';
  let dir = '';
  let pc: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const monthly = isoDatePlus(-10);
  const depositDate = isoDatePlus(-1);
  /** Per 財形種類 and 総合計 as the screen shows them: 件数, 預入金額, 奨励金. */
  const totals: Record<string, { count: number; amount: number; incentive: number }> = {};
  const changeCounts: Record<string, number> = {};
  let lineCount = 0;

  test.beforeAll(() => {
    dir = tempDir('cjs-e2e-zaikei-');
  });

  test.afterAll(async () => {
    await pc?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the master opens 財形積立明細照会 (ZK101101): 預入依頼書（月例）, totals per 財形種類', async ({ browser }) => {
    test.setTimeout(120_000);
    contracts = demo();
    group = contracts.employer.groups[0].number;
    const p12 = await registerAndIssue(
      mainServer(), contracts.employer.contractNumber, contracts.employer.initialPassword, MASTER, dir,
    );
    pc = await newContext(browser, { path: p12, passphrase: MASTER.password });
    page = await pc.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    await page.goto('/login');
    await field(page, 'password').fill(MASTER.password);
    await submitLogin(page);
    // One payment group: straight to the information screen.
    await expect(screenId(page)).toHaveText('DC671101');

    await menuEntry(page, '財形貯蓄事務').click();
    await expect(page).toHaveURL(/\/menu\/zaikei$/);
    await snap(page, '130-MN000001-zaikei-menu');
    await openItem(page, '財形積立明細照会', 'ZK101101');

    // Only the contracted documents; the demo employer has all six.
    const documents = await page.locator('select[name="document"] option').allTextContents();
    for (const name of ['預入依頼書（月例）', '預入依頼書（夏季一時金）', '預入依頼書（年末一時金）', '加入者残高一覧表', '奨励金（月例）', '奨励金（一時金）']) {
      expect(documents.some((d) => d.includes(name)), name).toBe(true);
    }
    await page.locator('select[name="document"]').selectOption('deposit_monthly');
    // Three kept cycles, newest first, a month apart.
    const dates = page.locator('select[name="base_date"] option');
    await expect(dates).toHaveCount(3);
    await expect(dates.first()).toContainText(jaDatePlus(-10));
    await expect(dates.first()).toContainText(`（入金予定日 ${jaDatePlus(-1)}）`);
    await pickCycle(page, 'deposit_monthly', monthly);

    await expect(page.getByTestId('cycle-document')).toHaveText('預入依頼書（月例）');
    await expect(page.getByTestId('cycle-base-date')).toHaveText(jaDatePlus(-10));
    await expect(page.getByTestId('cycle-deposit-date')).toHaveText(jaDatePlus(-1));
    await expect(page.getByTestId('cycle-previous')).toHaveText(jaDate(monthBefore(monthly)));
    const count = page.getByTestId('line-count');
    await expect(count).toContainText(/抽出件数: \d+件/);
    lineCount = num(/抽出件数: ([\d,]+)件/.exec((await count.textContent()) ?? '')?.[1] ?? '');
    // About 200 employees, 一般 for all, 住宅 and 年金 for some.
    expect(lineCount).toBeGreaterThan(200);

    // 財形種類 / 件数 / 預入金額 / 奨励金 / 預入合計, per kind and 総合計.
    const table = page.getByTestId('kind-totals');
    expect((await table.locator('thead th').allTextContents()).map((t) => t.trim())).toEqual([
      '財形種類', '件数', '預入金額', '奨励金', '預入合計',
    ]);
    for (const [kind, label] of [...KINDS, ['all', '総合計'] as const]) {
      const row = table.getByTestId(kind === 'all' ? 'grand-total' : `kind-total-${kind}`);
      await expect(row.locator('th')).toHaveText(label);
      const cells = row.locator('td');
      totals[kind] = {
        count: num(await cells.nth(0).textContent()),
        amount: num(await cells.nth(1).textContent()),
        incentive: num(await cells.nth(2).textContent()),
      };
      expect(num(await cells.nth(3).textContent()), `${label} 預入合計`).toBe(totals[kind].amount + totals[kind].incentive);
    }
    await expect(page.getByTestId('cycle-lines')).toHaveText(`${lineCount}件`);
    for (const [kind] of KINDS) expect(totals[kind].count, kind).toBeGreaterThan(0);
    expect(totals.all.count).toBe(lineCount);
    expect(totals.all.count).toBe(KINDS.reduce((n, [k]) => n + totals[k].count, 0));
    expect(totals.all.amount).toBe(KINDS.reduce((n, [k]) => n + totals[k].amount, 0));
    expect(totals.all.incentive).toBe(KINDS.reduce((n, [k]) => n + totals[k].incentive, 0));
    await snap(page, '131-ZK101101-deposit-monthly');

    // 財形種類 住宅 only.
    await page.locator('select[name="kind"]').selectOption('housing');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect(count).toContainText(`抽出件数: ${totals.housing.count}件`);
    const rows = page.getByTestId('line-table').locator('tbody tr');
    for (const cell of await rows.locator('td:nth-child(5)').allTextContents()) expect(cell.trim()).toBe('住宅');
    // The totals stay the cycle's, whatever the filter.
    await expect(page.getByTestId('grand-total').locator('td').first()).toHaveText(`${lineCount}件`);
    await snap(page, '132-ZK101101-housing');
    await page.locator('select[name="kind"]').selectOption('');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect(count).toContainText(`抽出件数: ${lineCount}件`);
  });

  test('the 変更明細 of 預入依頼書（月例）: counts per 変更区分, 比較対象 the month before', async () => {
    await page.getByRole('tab', { name: '変更明細', exact: true }).click();
    await expect(page.getByTestId('change-totals')).toBeVisible();
    await expect(page.getByTestId('change-previous')).toHaveText(`比較対象：${jaDate(monthBefore(monthly))}`);
    for (const kind of ['new', 'account', 'amount', 'gone']) {
      changeCounts[kind] = num((await page.getByTestId(`change-count-${kind}`).textContent()) ?? '');
      expect(changeCounts[kind], kind).toBeGreaterThan(0);
    }
    const all = Object.values(changeCounts).reduce((n, c) => n + c, 0);
    await expect(page.getByTestId('change-count-all')).toHaveText(`${all}件`);
    await expect(page.getByTestId('change-count')).toContainText(`抽出件数: ${all}件`);
    const rows = page.getByTestId('change-table').locator('tbody tr');
    await expect(rows).toHaveCount(Math.min(all, 50));
    await expect(rows.first().locator('td').nth(1)).toHaveText('新規');
    await snap(page, '133-ZK101101-deposit-changes');

    // 口座変更 only: both sides there, the account differs.
    await page.locator('select[name="change_kind"]').selectOption('account');
    await expect(page.getByTestId('change-count')).toContainText(`抽出件数: ${changeCounts.account}件`);
    for (const row of await rows.all()) {
      const cells = await row.locator('td').allTextContents();
      expect(cells[1]).toBe('口座変更');
      expect(cells[7]).not.toBe(cells[11]);
      expect(cells[7]).toMatch(/^\d{7}$/);
    }
  });

  test('prints the 財形積立明細書 and 財形積立変更明細書 (ZK102101)', async () => {
    await openItem(page, '財形積立明細書出力', 'ZK102101');
    await pickCycle(page, 'deposit_monthly', monthly);
    await snap(page, '134-ZK102101-print');
    const ymd = monthly.replace(/-/g, '');

    const statement = await saveDownload(page, page.getByTestId('pdf-statement'), 'pdf', dir, KEEP);
    expect(statement.name).toBe(`財形積立明細書（預入依頼書・月例）_${group}_${ymd}.pdf`);
    pdfPageShot(statement.file, '135-ZK102101-statement-pdf');
    const text = pdfLines(statement.file);
    if (text !== undefined) {
      const yen = (n: number) => n.toLocaleString('en-US');
      expect(text[0]).toBe('財形積立明細書（預入依頼書・月例）');
      expect(text).toContain(`事業主名：株式会社ろうきん商事 作成基準日：${jaDatePlus(-10)}`);
      expect(text.some((l) => l.startsWith(`入金グループ：${group}`) && l.endsWith(`入金予定日：${jaDatePlus(-1)}`))).toBe(true);
      expect(text).toContain('No 職員番号 カナ氏名 漢字氏名 財形種類 店番 口座番号 預入金額 奨励金 預入合計');
      for (const [kind, label] of [...KINDS, ['all', '総合計'] as const]) {
        const t = totals[kind];
        expect(text).toContain(`${label} ${t.count}件 ${yen(t.amount)} ${yen(t.incentive)} ${yen(t.amount + t.incentive)}`);
      }
      expect(text).toContain(`入金予定日 ${jaDatePlus(-1)}`);
      expect(text).toContain('上記のとおり預入を依頼いたします。');
    }

    const changes = await saveDownload(page, page.getByTestId('pdf-changes'), 'pdf', dir, KEEP);
    expect(changes.name).toBe(`財形積立変更明細書（預入依頼書・月例）_${group}_${ymd}.pdf`);
    pdfPageShot(changes.file, '136-ZK102101-changes-pdf');
    const changesText = pdfLines(changes.file);
    if (changesText !== undefined) {
      expect(changesText[0]).toBe('財形積立変更明細書（預入依頼書・月例）');
      expect(changesText.some((l) => l.endsWith(`比較対象：${jaDate(monthBefore(monthly))}`))).toBe(true);
      for (const [kind, label] of [['new', '新規'], ['account', '口座変更'], ['amount', '金額変更'], ['gone', '解約']]) {
        expect(changesText).toContain(`小計 ${label} ${changeCounts[kind]}件`);
      }
      const all = Object.values(changeCounts).reduce((n, c) => n + c, 0);
      expect(changesText).toContain(`合計 ${all}件`);
    }
  });

  test('exports the 財形積立明細データ and 変更明細データ (ZK103101)', async () => {
    await openItem(page, '財形積立明細データエクスポート', 'ZK103101');
    await pickCycle(page, 'deposit_monthly', monthly);
    await snap(page, '137-ZK103101-export');
    const ymd = monthly.replace(/-/g, '');

    const statement = await saveDownload(page, page.getByTestId('csv-statement'), 'csv', dir, KEEP);
    expect(statement.name).toBe(`財形積立明細データ（預入依頼書・月例）_${group}_${ymd}.csv`);
    const records = csvRecords(decodeCp932(statement.bytes));
    expect(records[0]).toEqual(DEPOSIT_HEADER);
    const body = records.slice(1);
    expect(body).toHaveLength(lineCount);
    for (const r of body) expect(r.slice(0, 3)).toEqual(['預入依頼書（月例）', ymd, depositDate.replace(/-/g, '')]);
    for (const [kind, label] of KINDS) {
      const rows = body.filter((r) => r[7] === label);
      expect(rows, label).toHaveLength(totals[kind].count);
      expect(rows.reduce((n, r) => n + parseInt(r[10], 10), 0), label).toBe(totals[kind].amount);
      expect(rows.reduce((n, r) => n + parseInt(r[11], 10), 0), label).toBe(totals[kind].incentive);
    }

    const changes = await saveDownload(page, page.getByTestId('csv-changes'), 'csv', dir, KEEP);
    expect(changes.name).toBe(`財形積立変更明細データ（預入依頼書・月例）_${group}_${ymd}.csv`);
    const changeRecords = csvRecords(decodeCp932(changes.bytes));
    expect(changeRecords[0]).toEqual(CHANGES_HEADER);
    for (const [kind, label] of [['new', '新規'], ['account', '口座変更'], ['amount', '金額変更'], ['gone', '解約']]) {
      expect(changeRecords.slice(1).filter((r) => r[4] === label), label).toHaveLength(changeCounts[kind]);
    }
  });

  test('the 加入者残高一覧表: 残高 per 財形種類, no 変更明細, its 財形積立明細書', async () => {
    const balanceDate = isoDatePlus(-60);
    await openItem(page, '財形積立明細照会', 'ZK101101');
    await pickCycle(page, 'balance', balanceDate);
    await expect(page.getByTestId('cycle-document')).toHaveText('加入者残高一覧表');
    await expect(page.getByTestId('cycle-deposit-date')).toHaveCount(0);
    await expect(page.getByTestId('line-table').locator('thead')).toContainText('残高');
    await expect(page.getByTestId('line-table').locator('thead')).not.toContainText('奨励金');
    expect((await page.getByTestId('kind-totals').locator('thead th').allTextContents()).map((t) => t.trim())).toEqual([
      '財形種類', '件数', '残高',
    ]);
    const all = page.getByTestId('grand-total');
    await expect(all.locator('th')).toHaveText('総合計');
    const balanceTotal = num(await all.locator('td').nth(1).textContent());
    expect(balanceTotal).toBeGreaterThan(0);
    await expect(page.getByRole('tab', { name: '変更明細' })).toHaveCount(0);
    await snap(page, '138-ZK101101-balance');

    await openItem(page, '財形積立明細書出力', 'ZK102101');
    await pickCycle(page, 'balance', balanceDate);
    await expect(page.getByTestId('pdf-changes')).toHaveCount(0);
    const statement = await saveDownload(page, page.getByTestId('pdf-statement'), 'pdf', dir, KEEP);
    expect(statement.name).toBe(`財形積立明細書（加入者残高一覧表）_${group}_${balanceDate.replace(/-/g, '')}.pdf`);
    pdfPageShot(statement.file, '139-ZK102101-balance-pdf');
    const text = pdfLines(statement.file);
    if (text !== undefined) {
      expect(text[0]).toBe('財形積立明細書（加入者残高一覧表）');
      expect(text).toContain(`事業主名：株式会社ろうきん商事 作成基準日：${jaDatePlus(-60)}`);
      expect(text.some((l) => l.includes('入金予定日'))).toBe(false);
      expect(text).toContain('No 職員番号 カナ氏名 漢字氏名 財形種類 店番 口座番号 残高');
      expect(text.some((l) => l.startsWith('総合計 ') && l.endsWith(` ${balanceTotal.toLocaleString('en-US')}`))).toBe(true);
    }

    await openItem(page, '財形積立明細データエクスポート', 'ZK103101');
    await pickCycle(page, 'balance', balanceDate);
    await expect(page.getByTestId('csv-changes')).toHaveCount(0);
    const csv = await saveDownload(page, page.getByTestId('csv-statement'), 'csv', dir, KEEP);
    expect(csv.name).toBe(`財形積立明細データ（加入者残高一覧表）_${group}_${balanceDate.replace(/-/g, '')}.csv`);
    const records = csvRecords(decodeCp932(csv.bytes));
    expect(records[0]).toEqual(BALANCE_HEADER);
    expect(records.slice(1).reduce((n, r) => n + parseInt(r[9], 10), 0)).toBe(balanceTotal);
    expect(consoleErrors).toEqual([]);
  });
});
