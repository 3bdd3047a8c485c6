// The information screen (DC671101) as the manual shows it, filled by `cjs demo`: the member's
// schedule table (月例・夏季一時金・年末一時金, the latest 締切中 cycle and the 入力中 one), the
// 一斉積立 line and お知らせ; another payment group without 一斉積立 (山口支部) and back; マニュアル照会
// (CM000003) with 表示 and ダウンロード; the employer's 作成基準日 table and its own お知らせ.
// Screens are saved to screenshots/5x-<screen>.png.
import fs from 'node:fs';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import {
  chooseGroup,
  demo,
  field,
  jaDate,
  jaDatePlus,
  mainServer,
  menuEntry,
  newContext,
  operator,
  registerAndIssue,
  screenId,
  snap,
  submitLogin,
  tempDir,
  type Demo,
} from '../helpers';

const MEMBER_MASTER = {
  user_id: 'demo01',
  password: 'Demo#2024a',
  user_name: '中国　一郎',
  email: 'ichiro@example.co.jp',
};
const EMPLOYER_MASTER = {
  user_id: 'zaikei01',
  password: 'Zaikei#2024',
  user_name: '商事　花子',
  email: 'hanako@example.co.jp',
};

// What `cjs demo` publishes (crates/server/src/operator_info.rs).
const NOTICE_EVERYONE = 'システムメンテナンスのお知らせ';
const NOTICE_MEMBERS = '年末一時金の締切日について';
const NOTICE_EMPLOYERS = '財形貯蓄 預入依頼書の受信について';
const NOTICE_CONTRACT = '組合費の控除について';
const MANUAL_MEMBER = '操作マニュアル【会員編】本文';
const MANUAL_EMPLOYER = '操作マニュアル【事業主編】本文';
const MANUAL_EVERYONE = 'ご利用マニュアル';

/** One cycle as `cjs operator cycle list --json` prints it. */
interface Cycle {
  occasion: 'monthly' | 'summer' | 'year_end';
  month: string;
  input: '入力中' | '締切中';
  deadline: string;
  request_received: string | null;
  result_received: string | null;
  payday: string;
}

/** The rows DC671101 shows for one occasion: the latest 締切中 cycle, then the earliest 入力中. */
function expectedRows(cycles: Cycle[], occasion: Cycle['occasion']): string[][] {
  const mine = cycles.filter((c) => c.occasion === occasion);
  const closed = mine
    .filter((c) => c.input === '締切中')
    .sort((a, b) => b.deadline.localeCompare(a.deadline))[0];
  const open = mine
    .filter((c) => c.input === '入力中')
    .sort((a, b) => a.deadline.localeCompare(b.deadline))[0];
  return [closed, open]
    .filter((c): c is Cycle => c !== undefined)
    .map((c) => [
      jaDate(c.month),
      c.input,
      jaDate(c.deadline),
      c.request_received ? jaDate(c.request_received) : '',
      c.result_received ? jaDate(c.result_received) : '',
      jaDate(c.payday),
    ]);
}

/** The cells of a schedule block's rows (without the occasion's name on the left). */
async function scheduleCells(block: Locator): Promise<string[][]> {
  const rows = block.locator('tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push((await rows.nth(i).locator('td').allTextContents()).map((t) => t.trim()));
  }
  return out;
}

async function logIn(page: Page, password: string): Promise<void> {
  await page.goto('/login');
  await expect(screenId(page)).toHaveText('DC582101');
  await field(page, 'password').fill(password);
  await submitLogin(page);
}

/** 共通機能 → マニュアル照会 (CM000003). */
async function openManuals(page: Page): Promise<void> {
  await menuEntry(page, '共通機能').click();
  await expect(page).toHaveURL(/\/menu\/common$/);
  await page.getByRole('link', { name: 'マニュアル照会', exact: true }).click();
  await expect(page).toHaveURL(/\/common\/manuals$/);
  await expect(screenId(page)).toHaveText('CM000003');
}

test.describe('the information screen filled by cjs demo', () => {
  test.describe.configure({ mode: 'serial' });

  let contracts: Demo;
  let p12Dir = '';
  let memberP12 = '';
  let employerP12 = '';
  let memberPc: BrowserContext;
  let employerPc: BrowserContext;
  let member: Page;
  let employer: Page;
  let honbu = '';
  // Console errors of the SPA on either PC (there should be none).
  const consoleErrors: string[] = [];
  const watchConsole = (page: Page) =>
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
  let yamaguchi = '';

  test.beforeAll(() => {
    p12Dir = tempDir('cjs-e2e-info-p12-');
  });

  test.afterAll(async () => {
    for (const context of [memberPc, employerPc]) await context?.close();
    if (p12Dir) fs.rmSync(p12Dir, { recursive: true, force: true });
  });

  test('the bank runs cjs demo, and both masters register and get certificates', async () => {
    // cjs demo fills 労金控除 and 賃控元帳 for every group: tens of seconds on a busy debug build.
    test.setTimeout(120_000);
    contracts = demo();
    expect(contracts.member.contractNumber).toMatch(/^\d{8}$/);
    expect(contracts.employer.contractNumber).toMatch(/^\d{8}$/);
    expect(contracts.member.groups.map((g) => g.name)).toEqual(['本部', '岡山支部', '広島支部', '山口支部']);
    expect(contracts.employer.groups).toHaveLength(1);
    honbu = contracts.member.groups[0].number;
    yamaguchi = contracts.member.groups[3].number;

    const server = mainServer();
    memberP12 = await registerAndIssue(
      server, contracts.member.contractNumber, contracts.member.initialPassword, MEMBER_MASTER, p12Dir,
    );
    employerP12 = await registerAndIssue(
      server, contracts.employer.contractNumber, contracts.employer.initialPassword, EMPLOYER_MASTER, p12Dir,
    );
  });

  test('the member picks 本部 (DC590101) and sees the schedule, 一斉積立 and お知らせ (DC671101)', async ({
    browser,
  }) => {
    memberPc = await newContext(browser, { path: memberP12, passphrase: MEMBER_MASTER.password });
    member = await memberPc.newPage();
    watchConsole(member);
    await logIn(member, MEMBER_MASTER.password);
    await expect(member).toHaveURL(/\/payment-group$/);
    await expect(member.locator('.count')).toHaveText('登録件数: 4件');
    for (const g of contracts.member.groups) {
      await expect(member.getByTestId(`group-${g.number}`)).toContainText(g.name);
    }
    await chooseGroup(member, honbu);
    await expect(member.getByTestId('header-payment-group')).toHaveText(`入金グループ ${honbu}`);
    await expect(member.getByTestId('info-payment-group')).toHaveText(`${honbu} 本部`);

    // The schedule: per occasion the rows the bank's data gives, dates as 2012年10月09日.
    const cycles: Cycle[] = operator(['cycle', 'list', '--group', honbu]);
    const monthly = member.getByTestId('schedule-monthly');
    await expect(monthly.locator('th')).toHaveText('月例');
    await expect(monthly.locator('tr')).toHaveCount(2);
    await expect(monthly.locator('tr').nth(0).locator('td').nth(1)).toHaveText('締切中');
    await expect(monthly.locator('tr').nth(1).locator('td').nth(1)).toHaveText('入力中');
    // The 入力中 cycle has no data yet: its 依頼データ受信 and 結果データ受信 are empty.
    await expect(monthly.locator('tr').nth(1).locator('td').nth(3)).toHaveText('');
    await expect(monthly.locator('tr').nth(1).locator('td').nth(4)).toHaveText('');
    for (const [occasion, label] of [
      ['monthly', '月例'],
      ['summer', '夏季一時金'],
      ['year_end', '年末一時金'],
    ] as const) {
      const block = member.getByTestId(`schedule-${occasion}`);
      await expect(block.locator('th')).toHaveText(label);
      const expected = expectedRows(cycles, occasion);
      expect(expected.length, occasion).toBeGreaterThan(0);
      expect(await scheduleCells(block), occasion).toEqual(expected);
    }
    const headers = await member.getByTestId('schedule').locator('thead th').allTextContents();
    expect(headers.slice(1)).toEqual([
      '控除年月', '入力', '締切日', '依頼データ受信', '結果データ受信', '支給日(入金予定日)',
    ]);

    // 一斉積立: the latest run, 「014 サンプル1 2012年10月14日 臨時作成」.
    const collective = member.getByTestId('collective-savings');
    await expect(collective.locator('th')).toHaveText('一斉積立');
    await expect(member.getByTestId('collective-run')).toHaveText('014 サンプル1');
    await expect(member.getByTestId('collective-received')).toHaveText(`${jaDatePlus(-10)} 臨時作成`);

    // お知らせ: to everyone, to members, to this contract; not the employers'.
    const notices = member.getByTestId('notices');
    expect(await notices.locator('thead th').allTextContents()).toEqual(['掲載日', '件名', 'メッセージ']);
    const own = notices.getByTestId('notice').filter({ hasText: NOTICE_CONTRACT });
    await expect(own.locator('td').nth(0)).toHaveText(jaDatePlus(0));
    await expect(own).toContainText('新年度の種目登録をお願いします。');
    await expect(notices.getByTestId('notice').filter({ hasText: NOTICE_MEMBERS }).locator('td').nth(0))
      .toHaveText(jaDatePlus(-1));
    await expect(notices.getByTestId('notice').filter({ hasText: NOTICE_EVERYONE }).locator('td').nth(0))
      .toHaveText(jaDatePlus(-3));
    await expect(notices).not.toContainText(NOTICE_EMPLOYERS);
    // Newest first: the contract's own notice (today) heads the list.
    await expect(notices.getByTestId('notice').first()).toContainText(NOTICE_CONTRACT);
    await expect(member.getByTestId('employer-documents')).toHaveCount(0);
    await snap(member, '50-DC671101-member-information');
  });

  test('switching to 山口支部 (only 労金控除) keeps the session and drops the 一斉積立 line, then back', async () => {
    await menuEntry(member, '入金グループ選択').click();
    await expect(screenId(member)).toHaveText('DC590101');
    await expect(member.getByTestId(`group-${honbu}`)).toContainText('選択中');
    await chooseGroup(member, yamaguchi);
    await expect(member.getByTestId('header-payment-group')).toHaveText(`入金グループ ${yamaguchi}`);
    await expect(member.getByTestId('info-payment-group')).toHaveText(`${yamaguchi} 山口支部`);
    // Still logged in: the same user, no login screen on the way.
    await expect(member.getByTestId('info-user')).toContainText(MEMBER_MASTER.user_id);
    const cycles: Cycle[] = operator(['cycle', 'list', '--group', yamaguchi]);
    await expect(member.getByTestId('schedule-monthly').locator('tr')).toHaveCount(2);
    expect(await scheduleCells(member.getByTestId('schedule-monthly'))).toEqual(expectedRows(cycles, 'monthly'));
    await expect(member.getByTestId('notices')).toContainText(NOTICE_CONTRACT);
    await expect(member.getByTestId('collective-savings')).toHaveCount(0);
    await expect(member.getByTestId('info-collective')).toHaveCount(0);
    await expect(member.getByTestId('menu')).not.toContainText('一斉積立事務');
    await snap(member, '51-DC671101-member-yamaguchi');

    await menuEntry(member, '入金グループ選択').click();
    await chooseGroup(member, honbu);
    await expect(member.getByTestId('header-payment-group')).toHaveText(`入金グループ ${honbu}`);
    await expect(member.getByTestId('collective-run')).toHaveText('014 サンプル1');
  });

  test('マニュアル照会 (CM000003) lists the members\' and everyone\'s manuals, shows and downloads them', async () => {
    await openManuals(member);
    const table = member.getByTestId('manuals');
    expect(await table.locator('thead th').allTextContents()).toEqual([
      '表示', 'No', 'マニュアル名', 'コメント', 'サイズ', '登録日', 'ダウンロード',
    ]);
    const rows = table.getByTestId('manual-row');
    await expect(rows).toHaveCount(2);
    await expect(member.getByTestId('manual-count')).toHaveText('登録件数: 2件');
    await expect(table).toContainText(MANUAL_MEMBER);
    await expect(table).toContainText(MANUAL_EVERYONE);
    await expect(table).not.toContainText(MANUAL_EMPLOYER);
    const row = rows.filter({ hasText: MANUAL_MEMBER });
    await expect(row).toContainText('労金控除事務・賃控元帳事務・一斉積立事務');
    await expect(row.locator('td').nth(4)).toHaveText(/^\d{1,3}(,\d{3})* KB$/);
    await expect(row.locator('td').nth(5)).toHaveText(jaDatePlus(0));
    await snap(member, '53-CM000003-manuals');

    // 表示: the PDF inline, in a new window, with the session's cookie.
    const show = row.getByTestId('manual-show');
    await expect(show).toHaveAttribute('target', '_blank');
    const href = await show.getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/manuals\/[^/?]+$/);
    const inline = await member.request.get(href!);
    expect(inline.status()).toBe(200);
    expect(inline.headers()['content-type']).toBe('application/pdf');
    expect(inline.headers()['content-disposition']).toMatch(/^inline;/);
    expect((await inline.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [popup] = await Promise.all([member.waitForEvent('popup'), show.click()]);
    await expect.poll(() => popup.url()).toContain(href!);
    await popup.close();
    await expect(screenId(member)).toHaveText('CM000003');

    // ダウンロード: the same PDF as an attachment, under its file name.
    const [download] = await Promise.all([
      member.waitForEvent('download'),
      row.getByTestId('manual-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(fs.readFileSync(await download.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect(screenId(member)).toHaveText('CM000003');

    // Both are in the operation log (DM494101).
    await menuEntry(member, 'システム管理機能').click();
    await member.getByRole('link', { name: '操作ログ照会', exact: true }).click();
    const viewed = member.getByTestId('log-row').filter({ hasText: 'マニュアル照会' });
    await expect(viewed.filter({ hasText: '表示' }).first()).toBeVisible();
    await expect(viewed.filter({ hasText: 'ダウンロード' }).first()).toBeVisible();
    await expect(viewed.first()).toContainText(MANUAL_MEMBER);
  });

  test('the employer sees the 作成基準日 table and only the employers\' and everyone\'s お知らせ', async ({
    browser,
  }) => {
    employerPc = await newContext(browser, {
      path: employerP12,
      passphrase: EMPLOYER_MASTER.password,
    });
    employer = await employerPc.newPage();
    watchConsole(employer);
    await logIn(employer, EMPLOYER_MASTER.password);
    // One payment group: straight to the information screen.
    await expect(screenId(employer)).toHaveText('DC671101');
    await expect(employer).toHaveURL(/\/info$/);
    const table = employer.getByTestId('employer-documents');
    await expect(table).toBeVisible();
    const headings = (await table.locator('th').allTextContents()).map((t) => t.trim());
    expect(headings).toEqual([
      '作成基準日', '預入依頼書', '加入者残高一覧表', '奨励金', '月例', '夏季一時金', '年末一時金', '月例', '一時金',
    ]);
    // The demo's dates: 10, 150, 330, 60, 9 and 330 days ago.
    for (const [document, back] of [
      ['deposit_monthly', 10],
      ['deposit_summer', 150],
      ['deposit_year_end', 330],
      ['balance', 60],
      ['incentive_monthly', 9],
      ['incentive_bonus', 330],
    ] as const) {
      await expect(employer.getByTestId(`base-date-${document}`), document).toHaveText(jaDatePlus(-back));
    }
    const notices = employer.getByTestId('notices');
    await expect(notices).toContainText(NOTICE_EMPLOYERS);
    await expect(notices).toContainText(NOTICE_EVERYONE);
    await expect(notices).not.toContainText(NOTICE_MEMBERS);
    await expect(notices).not.toContainText(NOTICE_CONTRACT);
    await expect(employer.getByTestId('schedule')).toHaveCount(0);
    await expect(employer.getByTestId('collective-savings')).toHaveCount(0);
    await snap(employer, '52-DC671101-employer-information');

    // 財形貯蓄事務: the manual's three functions; 預入依頼書 etc. are documents inside them.
    await menuEntry(employer, '財形貯蓄事務').click();
    const zaikei = employer.getByTestId('menu-zaikei').locator('.menu-table tbody tr');
    await expect(zaikei).toHaveCount(3);
    await expect(zaikei.first()).toContainText('財形積立明細照会');
    await snap(employer, '52a-MN000001-zaikei');
    await menuEntry(employer, 'トップページ').click();

    await openManuals(employer);
    const manuals = employer.getByTestId('manuals');
    await expect(manuals.getByTestId('manual-row')).toHaveCount(2);
    await expect(manuals).toContainText(MANUAL_EMPLOYER);
    await expect(manuals).toContainText(MANUAL_EVERYONE);
    await expect(manuals).not.toContainText(MANUAL_MEMBER);
    expect(consoleErrors).toEqual([]);
  });
});
