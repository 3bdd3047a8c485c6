// 一斉積立事務 (issue 12): a union's master reads the bank's 一斉積立データ in the browser against the
// real server. cjs demo loads runs 013 (定例積立, 40 days ago) and 014 (サンプル1, 10 days ago, 臨時作成)
// for 本部: the master opens 一斉積立内訳明細照会 (CS101101), picks run 014, searches, pages and
// sorts the 内訳明細, opens the 変更明細 (counts per 変更区分, 前回 / 今回 / 差額), prints both lists
// (CS102101) and exports both CSVs (CS103101); the counts on the screen are checked against the
// files. A general user with 一斉積立 非表示 has no 一斉積立事務 menu and the API refuses them (E2302).
// Screens are saved to screenshots/11x-<screen>.png, page 1 of each PDF beside them.
import fs from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  chooseGroup,
  csvRecords,
  decodeCp932,
  demo,
  field,
  issueCertificate,
  jaDatePlus,
  mainServer,
  menuEntry,
  newContext,
  pdfPageShot,
  pdfPages,
  pdfLines,
  registerAndIssue,
  saveDownload,
  screenId,
  snap,
  submitLogin,
  tempDir,
  isoDatePlus,
  type Demo,
} from '../helpers';

const MASTER = {
  user_id: 'issei01',
  password: 'Issei#2024a',
  user_name: '積立　一郎',
  email: 'issei@example.co.jp',
};
const GENERAL = {
  user_id: 'issei02',
  temporary: 'Kari#0002',
  password: 'Issei#2024b',
  user_name: '積立　次郎',
  email: 'issei2@example.co.jp',
};
const KEEP = 'collective-downloads';

const LINES_HEADER = [
  '番号', '名称', '受信日', '作成区分', '行番号', '職員番号', 'カナ氏名', '漢字氏名', '店番', '口座番号', '積立金額',
];
const CHANGES_HEADER = [
  '番号', '名称', '受信日', '行番号', '変更区分', '職員番号', 'カナ氏名', '漢字氏名',
  '変更前店番', '変更前口座番号', '変更前積立金額', '変更後店番', '変更後口座番号', '変更後積立金額',
];
const KINDS = ['新規', '口座変更', '金額変更', '解約'] as const;
/** 変更区分 as the API and the screen's test ids name them. */
const WIRE = [
  ['new', '新規'],
  ['account', '口座変更'],
  ['amount', '金額変更'],
  ['gone', '解約'],
] as const;

/** `12,345` / `12,345円` / `12件` → 12345 */
function num(text: string | null): number {
  return parseInt((text ?? '').replace(/[,円件\s]/g, ''), 10);
}

/** 一斉積立事務 → an item of its menu. */
async function openItem(page: Page, label: string, id: string): Promise<void> {
  await menuEntry(page, '一斉積立事務').click();
  await expect(page).toHaveURL(/\/menu\/collective_savings$/);
  await page.getByRole('link', { name: label, exact: true }).click();
  await expect(screenId(page)).toHaveText(id);
  await expect(page.locator('h1.page-title')).toContainText(label);
}

/** Picks run 014 in the run picker, which lists 「014 サンプル1　YYYY年MM月DD日 臨時作成」 newest first. */
async function pickRun14(page: Page): Promise<void> {
  const picker = page.locator('select[name="run_no"]');
  // The runs load after the screen opens.
  await expect(picker.locator('option', { hasText: '013' })).toHaveCount(1);
  const options = await picker.locator('option').allTextContents();
  const first = options.findIndex((o) => o.includes('014'));
  expect(options[first]).toContain('サンプル1');
  expect(options[first]).toContain(jaDatePlus(-10));
  expect(options[first]).toContain('臨時作成');
  const older = options.findIndex((o) => o.includes('013'));
  expect(older, 'run 013 is listed after 014 (newest first)').toBeGreaterThan(first);
  expect(options[older]).toContain('定例積立');
  await picker.selectOption('14');
}

test.describe('一斉積立事務: a member master reads run 014', () => {
  test.describe.configure({ mode: 'serial' });

  let contracts: Demo;
  let group = '';
  let dir = '';
  let pc: BrowserContext;
  let page: Page;
  let generalPc: BrowserContext | undefined;
  const consoleErrors: string[] = [];
  /** What the screen showed: the 内訳明細's 件数 and 合計, the 変更明細's counts per 区分. */
  const shown = { lines: 0, total: 0, changes: {} as Record<string, number>, previous: 0, previousTotal: 0 };

  test.beforeAll(() => {
    dir = tempDir('cjs-e2e-collective-');
  });

  test.afterAll(async () => {
    await generalPc?.close();
    await pc?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the master opens 一斉積立内訳明細照会 (CS101101) and picks run 014', async ({ browser }) => {
    // cjs demo fills every area for every group: tens of seconds on a busy debug build.
    test.setTimeout(120_000);
    contracts = demo();
    group = contracts.member.groups[0].number;
    const p12 = await registerAndIssue(
      mainServer(), contracts.member.contractNumber, contracts.member.initialPassword, MASTER, dir,
    );
    pc = await newContext(browser, { path: p12, passphrase: MASTER.password });
    page = await pc.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    await page.goto('/login');
    await field(page, 'password').fill(MASTER.password);
    await submitLogin(page);
    await chooseGroup(page, group);

    await menuEntry(page, '一斉積立事務').click();
    await expect(page).toHaveURL(/\/menu\/collective_savings$/);
    const items = page.getByTestId('menu-collective_savings').locator('.menu-table tbody tr');
    await expect(items).toHaveCount(3);
    await snap(page, '110-MN000001-collective-menu');

    await openItem(page, '一斉積立内訳明細照会', 'CS101101');
    await pickRun14(page);
    await expect(page.getByTestId('run-count')).toContainText('件');
    await expect(page.getByTestId('run-previous')).toHaveText(`013 定例積立（${jaDatePlus(-40)}）`);
    const count = page.getByTestId('line-count');
    await expect(count).toContainText(/抽出件数: \d+件/);
    shown.lines = num(/抽出件数: ([\d,]+)件/.exec((await count.textContent()) ?? '')?.[1] ?? '');
    // 150 members in 013; about 1 in 15 left and 12 joined.
    expect(shown.lines).toBeGreaterThan(140);
    expect(shown.lines).toBeLessThan(170);
    // 「合計 N件 積立金額 X円」, the same as the run's facts above.
    const totals = page.getByTestId('line-totals');
    const sums = /合計 (\d+)件 積立金額 ([\d,]+)円/.exec((await totals.textContent()) ?? '');
    expect(sums, 'line-totals').not.toBeNull();
    expect(num(sums![1])).toBe(shown.lines);
    shown.total = num(sums![2]);
    expect(shown.total).toBeGreaterThanOrEqual(shown.lines * 1_000);
    await expect(page.getByTestId('run-count')).toHaveText(`${shown.lines}件`);
    await expect(page.getByTestId('run-amount')).toHaveText(`${shown.total.toLocaleString('en-US')}円`);
    await expect(page.getByTestId('line-table').locator('tbody tr')).toHaveCount(50);
    await snap(page, '111-CS101101-lines');
  });

  test('pages, sorts by 積立金額 and searches by 職員番号 and カナ氏名', async () => {
    const rows = page.getByTestId('line-table').locator('tbody tr');
    const pager = page.getByTestId('pager');
    await expect(pager).toContainText(`1 / ${Math.ceil(shown.lines / 50)} ページ`);
    const firstOfPage1 = await rows.first().textContent();
    await pager.getByRole('button', { name: '次へ', exact: true }).click();
    await expect(pager).toContainText('2 / ');
    await expect(page.getByTestId('line-count')).toContainText('51～100件目を表示');
    await expect(rows.first()).not.toHaveText(firstOfPage1 ?? '');

    // 積立金額, twice: largest first.
    const amountCell = (i: number) => rows.nth(i).locator('td').nth(6);
    await page.getByTestId('sort-amount').click();
    await expect(page.getByTestId('line-count')).toContainText('1～50件目を表示');
    const ascending = [num(await amountCell(0).textContent()), num(await amountCell(49).textContent())];
    expect(ascending[0]).toBeLessThanOrEqual(ascending[1]);
    await page.getByTestId('sort-amount').click();
    await expect.poll(async () => num(await amountCell(0).textContent())).toBeGreaterThanOrEqual(ascending[1]);
    const descending = [num(await amountCell(0).textContent()), num(await amountCell(49).textContent())];
    expect(descending[0]).toBeGreaterThanOrEqual(descending[1]);
    await snap(page, '112-CS101101-sorted');

    // One member by 職員番号: the one at the top now.
    const employeeNo = ((await rows.first().locator('td').nth(1).textContent()) ?? '').trim();
    const kana = ((await rows.first().locator('td').nth(2).textContent()) ?? '').trim();
    expect(employeeNo).toMatch(/^\d{6}$/);
    await field(page, 'employee_no').fill(employeeNo);
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect(page.getByTestId('line-count')).toContainText('抽出件数: 1件');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(employeeNo);
    // By the カナ氏名's first characters: everyone whose name starts so, this member among them.
    await field(page, 'employee_no').fill('');
    const prefix = kana.slice(0, 2);
    await field(page, 'kana_prefix').fill(prefix);
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect(page.getByTestId('line-count')).toContainText(/抽出件数: \d+件/);
    await expect
      .poll(async () => (await rows.locator('td:nth-child(3)').allTextContents()).every((c) => c.trim().startsWith(prefix)))
      .toBe(true);
    await expect(rows.filter({ hasText: employeeNo })).toHaveCount(1);
    await snap(page, '113-CS101101-search');
    await field(page, 'kana_prefix').fill('');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect(page.getByTestId('line-count')).toContainText(`抽出件数: ${shown.lines}件`);
  });

  test('the 変更明細: counts per 変更区分 and 前回 / 今回 / 差額', async () => {
    await page.getByRole('tab', { name: '変更明細', exact: true }).click();
    await expect(page.getByTestId('tab-changes')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('change-totals')).toBeVisible();
    for (const [wire, kind] of WIRE) {
      shown.changes[kind] = num((await page.getByTestId(`change-count-${wire}`).textContent()) ?? '');
    }
    // The demo: 12 join; some leave, change amount or account.
    expect(shown.changes['新規']).toBe(12);
    for (const kind of KINDS) expect(shown.changes[kind], kind).toBeGreaterThan(0);
    await expect(page.getByTestId('change-previous')).toHaveText(`比較対象：013 定例積立（${jaDatePlus(-40)}）`);
    // 前回 「150件 X円」, 今回 the run's 件数 and 合計, 差額 signed.
    const previous = /^(\d+)件 ([\d,]+)円$/.exec(((await page.getByTestId('total-previous').textContent()) ?? '').trim());
    expect(previous, 'total-previous').not.toBeNull();
    shown.previous = num(previous![1]);
    shown.previousTotal = num(previous![2]);
    expect(shown.previous).toBe(150);
    await expect(page.getByTestId('total-current')).toHaveText(`${shown.lines}件 ${shown.total.toLocaleString('en-US')}円`);
    const difference = shown.total - shown.previousTotal;
    await expect(page.getByTestId('total-difference')).toHaveText(
      `${difference > 0 ? '+' : ''}${difference.toLocaleString('en-US')}円`,
    );
    // 014 = 150 − 解約 + 新規.
    expect(shown.lines).toBe(shown.previous - shown.changes['解約'] + shown.changes['新規']);
    const all = KINDS.reduce((n, k) => n + shown.changes[k], 0);
    await expect(page.getByTestId('change-count')).toContainText(`抽出件数: ${all}件`);
    const changeRows = page.getByTestId('change-table').locator('tbody tr');
    await expect(changeRows).toHaveCount(Math.min(all, 50));
    // In 変更区分 order: 新規 first.
    await expect(changeRows.first().locator('td').nth(1)).toHaveText('新規');
    await snap(page, '114-CS101101-changes');

    // Only the 解約 rows: 変更後 empty.
    await page.locator('select[name="kind"]').selectOption('gone');
    await expect(page.getByTestId('change-count')).toContainText(`抽出件数: ${shown.changes['解約']}件`);
    await expect(changeRows).toHaveCount(Math.min(shown.changes['解約'], 50));
    for (const row of await changeRows.all()) {
      await expect(row.locator('td').nth(1)).toHaveText('解約');
      await expect(row.locator('td').nth(8)).toHaveText('');
      await expect(row.locator('td').nth(10)).toHaveText('');
    }
    await snap(page, '115-CS101101-changes-gone');
  });

  test('prints the 一斉積立内訳明細表 and 一斉積立変更明細表 (CS102101)', async () => {
    await openItem(page, '一斉積立内訳明細表出力', 'CS102101');
    await pickRun14(page);
    await snap(page, '116-CS102101-print');

    const lines = await saveDownload(page, page.getByTestId('pdf-lines'), 'pdf', dir, KEEP);
    expect(lines.name).toBe(`一斉積立内訳明細表_${group}_014.pdf`);
    pdfPageShot(lines.file, '117-CS102101-lines-pdf');
    const linesText = pdfLines(lines.file);
    if (linesText !== undefined) {
      const yen = (n: number) => n.toLocaleString('en-US');
      expect(linesText[0]).toBe('一斉積立内訳明細表');
      expect(linesText).toContain(`入金グループ：${group} 本部 一斉積立 014 サンプル1`);
      expect(linesText.some((l) => l.includes(`受信日：${jaDatePlus(-10)} 作成区分：臨時作成`))).toBe(true);
      expect(linesText).toContain(`合計 ${shown.lines}件 ${yen(shown.total)}`);
      // 150-odd lines: more than one A4 page, the column titles and the page number on each.
      const pages = pdfPages(lines.file) ?? 0;
      expect(pages).toBeGreaterThan(1);
      for (let n = 1; n <= pages; n++) expect(linesText).toContain(`${n}/${pages}`);
      expect(linesText.filter((l) => l === 'No 職員番号 カナ氏名 漢字氏名 店番 口座番号 積立金額')).toHaveLength(pages);
    }

    const changes = await saveDownload(page, page.getByTestId('pdf-changes'), 'pdf', dir, KEEP);
    expect(changes.name).toBe(`一斉積立変更明細表_${group}_014.pdf`);
    pdfPageShot(changes.file, '118-CS102101-changes-pdf');
    const changesText = pdfLines(changes.file);
    if (changesText !== undefined) {
      const yen = (n: number) => n.toLocaleString('en-US');
      expect(changesText[0]).toBe('一斉積立変更明細表');
      expect(changesText).toContain(`比較対象：013 定例積立（${jaDatePlus(-40)}）`);
      for (const kind of KINDS) expect(changesText).toContain(`小計 ${kind} ${shown.changes[kind]}件`);
      expect(changesText).toContain(`前回 ${shown.previous}件 ${yen(shown.previousTotal)}`);
      expect(changesText).toContain(`今回 ${shown.lines}件 ${yen(shown.total)}`);
      expect(changesText).toContain(`差額 ${yen(shown.total - shown.previousTotal)}`);
    }
  });

  test('exports the 内訳明細 and 変更明細 as CSV (CS103101)', async () => {
    await openItem(page, '一斉積立内訳明細データエクスポート', 'CS103101');
    await pickRun14(page);
    await snap(page, '119-CS103101-export');

    // CP932 by default.
    const lines = await saveDownload(page, page.getByTestId('csv-lines'), 'csv', dir, KEEP);
    expect(lines.name).toBe(`一斉積立内訳明細データ_${group}_014.csv`);
    const records = csvRecords(decodeCp932(lines.bytes));
    expect(records[0]).toEqual(LINES_HEADER);
    const body = records.slice(1);
    expect(body).toHaveLength(shown.lines);
    const received = isoDatePlus(-10).replace(/-/g, '');
    for (const r of body) {
      expect(r.slice(0, 4)).toEqual(['014', 'サンプル1', received, '臨時作成']);
      expect(r[9]).toMatch(/^\d{7}$/);
    }
    expect(body.map((r) => r[4])).toEqual(body.map((_, i) => String(i + 1)));
    expect(body.reduce((sum, r) => sum + parseInt(r[10], 10), 0)).toBe(shown.total);

    const changes = await saveDownload(page, page.getByTestId('csv-changes'), 'csv', dir, KEEP);
    expect(changes.name).toBe(`一斉積立変更明細データ_${group}_014.csv`);
    const changeRecords = csvRecords(decodeCp932(changes.bytes));
    expect(changeRecords[0]).toEqual(CHANGES_HEADER);
    for (const kind of KINDS) {
      expect(changeRecords.slice(1).filter((r) => r[4] === kind), kind).toHaveLength(shown.changes[kind]);
    }
    // 新規: 変更前 empty; 解約: 変更後 empty.
    for (const r of changeRecords.slice(1)) {
      if (r[4] === '新規') expect(r.slice(8, 11)).toEqual(['', '', '']);
      if (r[4] === '解約') expect(r.slice(11, 14)).toEqual(['', '', '']);
    }

    // UTF-8 with BOM when asked.
    await page.locator('input[name="encoding"][value="utf8"]').check();
    const utf8 = await saveDownload(page, page.getByTestId('csv-lines'), 'csv', dir, KEEP);
    expect([...utf8.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvRecords(utf8.bytes.subarray(3).toString('utf8'))).toEqual(records);
  });

  test('a general user with 一斉積立 非表示 has no 一斉積立事務 and the API refuses them', async ({ browser }) => {
    test.setTimeout(90_000);
    // The master adds the user (DM492101) with 一斉積立 非表示.
    await menuEntry(page, 'システム管理機能').click();
    await page.getByRole('link', { name: '契約ユーザー情報照会', exact: true }).click();
    await expect(screenId(page)).toHaveText('DM493101');
    await page.getByRole('button', { name: '登録へ(F7)', exact: true }).click();
    await field(page, 'user_id').fill(GENERAL.user_id);
    await field(page, 'user_name').fill(GENERAL.user_name);
    await field(page, 'password').fill(GENERAL.temporary);
    await field(page, 'password_confirmation').fill(GENERAL.temporary);
    await field(page, 'email').fill(GENERAL.email);
    await field(page, 'email_confirmation').fill(GENERAL.email);
    await page.locator('input[name=collective_savings][value=hidden]').check();
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await expect(page.getByTestId(`user-row-${GENERAL.user_id}`)).toContainText('正常');

    const p12 = await issueCertificate(mainServer(), { user_id: GENERAL.user_id, password: GENERAL.temporary }, dir);
    generalPc = await newContext(browser, { path: p12, passphrase: GENERAL.temporary });
    const general = await generalPc.newPage();
    await general.goto('/login');
    await field(general, 'password').fill(GENERAL.temporary);
    await submitLogin(general);
    await expect(general).toHaveURL(/\/password\/change\?forced=1$/);
    await field(general, 'current_password').fill(GENERAL.temporary);
    await field(general, 'new_password').fill(GENERAL.password);
    await field(general, 'new_password_confirmation').fill(GENERAL.password);
    await general.getByRole('button', { name: '変更', exact: true }).click();
    await chooseGroup(general, group);

    await expect(menuEntry(general, '労金控除事務')).toBeVisible();
    await expect(general.getByTestId('menu')).not.toContainText('一斉積立事務');
    await expect(general.getByTestId('collective-savings')).toHaveCount(0);
    await snap(general, '120-DC671101-collective-hidden');

    // The server refuses whatever the page shows: the list, a run, a print, an export.
    for (const route of ['/runs', '/runs/14/lines', '/runs/14/changes', '/runs/14/lines.pdf', '/runs/14/changes.csv']) {
      const answer = await general.request.get(`/api/v1/collective${route}`);
      expect(answer.status(), route).toBe(403);
      expect((await answer.json()).code, route).toBe('E2302');
    }
    // The master's own session still reads it.
    const master = await page.request.get('/api/v1/collective/runs');
    expect(master.status()).toBe(200);
    expect(consoleErrors).toEqual([]);
  });
});
