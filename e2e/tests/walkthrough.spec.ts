// The manual's story as a new customer lives it, in the browser against the real server:
// the bank opens the contract (operator CLI) → the master registers (DC583101 → DC584101) →
// certificate by e-mailed code (DC586101) → a new browser presents it → login (DC582101) →
// payment group (DC590101) → information (DC671101) → a general user with restrictions
// (DM493101) → their certificate and forced password change → only their menus → six wrong
// passwords lock them (E2003) → the master lifts the lock (DM492101) → they log in again → logout.
// Then the refusals: no certificate, a foreign certificate, and the idle timeout (own server).
// Every screen is saved to screenshots/<nn>-<screen>.png.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  chooseGroup,
  closeSoftKeyboard,
  dataDir,
  expiredCertificate,
  field,
  foreignCertificate,
  jstDatePlus,
  menuEntry,
  newContext,
  operator,
  outboxFiles,
  registerAndIssue,
  screenId,
  snap,
  startServer,
  submitLogin,
  tempDir,
  typeWithSoftKeyboard,
  verificationCode,
  type Pfx,
  type Server,
} from '../helpers';

const ORG = '中国労働組合';
const INITIAL_PASSWORD = 'Ab1!cd2#';
const SECOND_GROUP = { number: '16000012', name: '岡山支部', kana: 'ｵｶﾔﾏｼﾌﾞ' };
const MASTER = {
  user_id: 'rokin01',
  password: 'Passw0rd!',
  user_name: '労金　太郎',
  email: 'taro@example.co.jp',
};
const GENERAL = {
  user_id: 'ippan02',
  temporary: 'Kari#0001',
  password: 'Hana#2024x',
  user_name: '労金　花子',
  email: 'hanako@example.co.jp',
};
const WRONG_PASSWORD = 'Wrong#0001';

/**
 * Clicks 発行, sees 電子証明書発行中, and returns the .p12 saved with the 発行結果, checking its name
 * `<user><yyyyMMddHHmmss>.p12`.
 */
async function issueAndSave(page: Page, userId: string, dir: string, issuingShot?: string): Promise<string> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: '発行', exact: true }).click();
  await expect(page.getByTestId('certificate-title')).toHaveText('電子証明書発行中');
  if (issuingShot) await snap(page, issuingShot);
  const download = await downloading;
  await expect(page.getByTestId('certificate-title')).toHaveText('電子証明書発行結果');
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${userId}\\d{14}\\.p12$`));
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  expect(fs.statSync(file).size).toBeGreaterThan(500);
  return file;
}

/** DC586101 from the user ID and password to the downloaded certificate. */
async function certificateFlow(
  page: Page,
  user: { user_id: string; password: string },
  dir: string,
  shots: { form: string; code: string; issue?: string; issuing?: string },
): Promise<string> {
  // The manual's three steps: ユーザー認証 →「認証」, 認証コード →「認証」, then「発行」.
  await expect(screenId(page)).toHaveText('DC586101');
  await expect(page.getByTestId('certificate-title')).toHaveText('電子証明書発行 ユーザー認証');
  await field(page, 'user_id').fill(user.user_id);
  await field(page, 'password').fill(user.password);
  await snap(page, shots.form);
  const before = outboxFiles();
  await page.getByRole('button', { name: '認証', exact: true }).click();
  await expect(page.getByTestId('code-sent')).toBeVisible();
  await expect(page.getByTestId('code-sent')).toContainText('認証コードを送信しました');
  const code = await verificationCode(user.user_id, before);
  await field(page, 'code').fill(code);
  await snap(page, shots.code);
  await page.getByRole('button', { name: '認証', exact: true }).click();
  await expect(page.getByTestId('certificate-title')).toHaveText('電子証明書発行');
  if (shots.issue) await snap(page, shots.issue);
  const file = await issueAndSave(page, user.user_id, dir, shots.issuing);
  await expect(page.getByTestId('certificate-issued')).toBeVisible();
  await expect(page.getByTestId('certificate-filename')).toHaveText(path.basename(file));
  return file;
}

/** The certificate page's promises: the expiry date (366 days with the day of issue) and how to go on. */
async function expectIssuedGuidance(page: Page): Promise<void> {
  const { y, m, d } = jstDatePlus(365);
  await expect(page.getByTestId('certificate-expiry')).toContainText(
    new RegExp(`${y}年0?${m}月0?${d}日`),
  );
  const main = page.locator('body');
  await expect(main).toContainText('Windows');
  await expect(main).toContainText('macOS');
  await expect(main).toContainText('Linux');
  await expect(page.getByTestId('close-browser')).toContainText(/ブラウザを(全て|すべて)?閉じ/);
}

/** システム管理機能 → 契約ユーザー情報照会 (DM493101). */
async function openUserList(page: Page): Promise<void> {
  await menuEntry(page, 'システム管理機能').click();
  await expect(page).toHaveURL(/\/menu\/system_admin$/);
  await page.getByRole('link', { name: '契約ユーザー情報照会', exact: true }).click();
  await expect(screenId(page)).toHaveText('DM493101');
  await expect(page).toHaveURL(/\/admin\/users$/);
}

test.describe('a new customer walks the manual', () => {
  test.describe.configure({ mode: 'serial' });

  // The downloaded .p12 files (made here, not at load: the runner also loads this file to list it).
  let p12Dir = '';
  let contractNumber = '';
  let firstGroup = '';
  let masterP12 = '';
  let generalP12 = '';
  // Three PCs: the one that registers, the master's with the certificate, the general user's.
  let registering: BrowserContext;
  let masterPc: BrowserContext;
  let generalPc: BrowserContext;
  let master: Page;
  let general: Page;

  test.beforeAll(() => {
    p12Dir = tempDir('cjs-e2e-p12-');
  });

  test.afterAll(async () => {
    for (const context of [registering, masterPc, generalPc]) {
      await context?.close();
    }
    if (p12Dir) fs.rmSync(p12Dir, { recursive: true, force: true });
  });

  test('the bank opens a member contract with two payment groups', async () => {
    const created = operator([
      'contract', 'create', '--kind', 'member', '--name', ORG, '--name-kana', 'ﾁｭｳｺﾞｸﾛｳｸﾐ',
      '--initial-password', INITIAL_PASSWORD,
    ]);
    contractNumber = created.contract_number;
    firstGroup = created.payment_group;
    expect(contractNumber).toMatch(/^\d{8}$/);
    expect(firstGroup).toMatch(/^\d{8}$/);
    operator([
      'payment-group', 'add', '--contract', contractNumber, '--number', SECOND_GROUP.number,
      '--name', SECOND_GROUP.name, '--name-kana', SECOND_GROUP.kana,
    ]);
  });

  test('the master registers: DC581101 → DC583101 → DC584101', async ({ browser }) => {
    registering = await newContext(browser);
    const page = await registering.newPage();
    await page.goto('/');
    await expect(screenId(page)).toHaveText('DC581101');
    for (const name of ['ログイン', 'マスターユーザーの初期登録', '一般ユーザーの初期登録', '電子証明書発行']) {
      await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
    }
    await snap(page, '01-DC581101-top');

    await page.getByRole('button', { name: 'マスターユーザーの初期登録', exact: true }).click();
    await expect(page).toHaveURL(/\/register$/);
    await expect(screenId(page)).toHaveText('DC583101');
    // A mistyped initial password first: E2001, the field keeps the contract number.
    await field(page, 'contract_number').fill(contractNumber);
    await field(page, 'initial_password').fill('Xy9!zz8#');
    await page.getByRole('button', { name: '次へ', exact: true }).click();
    await expect(page.getByTestId('error')).toContainText('E2001');
    await expect(page.getByTestId('error')).toContainText('契約番号または初期パスワードが正しくありません。');
    await expect(field(page, 'contract_number')).toHaveValue(contractNumber);
    await snap(page, '02-DC583101-wrong-initial-password');
    await field(page, 'initial_password').fill(INITIAL_PASSWORD);
    await snap(page, '03-DC583101-contract-login');
    await page.getByRole('button', { name: '次へ', exact: true }).click();

    await expect(page).toHaveURL(/\/register\/master$/);
    await expect(screenId(page)).toHaveText('DC584101');
    await field(page, 'user_id').fill(MASTER.user_id);
    await field(page, 'password').fill(MASTER.password);
    await field(page, 'password_confirmation').fill(MASTER.password);
    await field(page, 'user_name').fill(MASTER.user_name);
    await field(page, 'email').fill(MASTER.email);
    // A mistyped confirmation first: E1005 beside the field.
    await field(page, 'email_confirmation').fill('tar0@example.co.jp');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await expect(page.getByTestId('field-error-email_confirmation')).toContainText('一致しません');
    await field(page, 'email_confirmation').fill(MASTER.email);
    await snap(page, '04-DC584101-master-form');
    await page.getByRole('button', { name: '登録', exact: true }).click();

    const result = page.getByTestId('registration-result');
    await expect(result).toBeVisible();
    await expect(result).toContainText(MASTER.user_id);
    await expect(result).toContainText(MASTER.user_name);
    await expect(result).toContainText(MASTER.email);
    await expect(result).not.toContainText(MASTER.password);
    await expect(result).toContainText(/[*＊●•]{4,}/);
    await snap(page, '05-DC584101-registered');
  });

  test('the master gets a certificate with the e-mailed code (DC586101)', async () => {
    const page = registering.pages()[0];
    await page.getByRole('button', { name: '電子証明書発行', exact: true }).click();
    await expect(page).toHaveURL(/\/certificate$/);
    masterP12 = await certificateFlow(page, MASTER, p12Dir, {
      form: '06-DC586101-master-user-auth',
      code: '07-DC586101-master-code',
      issue: '07a-DC586101-master-issue',
      issuing: '07b-DC586101-master-issuing',
    });
    await expectIssuedGuidance(page);
    await snap(page, '08-DC586101-master-issued');
  });

  test('a new browser presents the certificate and the master logs in (DC582101 → DC590101 → DC671101)', async ({
    browser,
  }) => {
    masterPc = await newContext(browser, { path: masterP12, passphrase: MASTER.password });
    master = await masterPc.newPage();
    await master.goto('/');
    await expect(screenId(master)).toHaveText('DC581101');
    await master.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect(master).toHaveURL(/\/login$/);
    await expect(screenId(master)).toHaveText('DC582101');
    await expect(master.getByTestId('cert-state')).toContainText(MASTER.user_id);

    // The manual recommends the software keyboard for passwords.
    await typeWithSoftKeyboard(master, 'password', MASTER.password);
    await snap(master, '09-DC582101-master-login-soft-keyboard');
    await closeSoftKeyboard(master);
    await submitLogin(master);

    await expect(master).toHaveURL(/\/payment-group$/);
    await expect(screenId(master)).toHaveText('DC590101');
    await expect(master.getByTestId(`group-${firstGroup}`)).toBeVisible();
    await expect(master.getByTestId(`group-${SECOND_GROUP.number}`)).toContainText(SECOND_GROUP.name);
    await expect(master.getByTestId('org-user')).toHaveText(
      new RegExp(`${ORG}\\s*/\\s*${MASTER.user_name}\\s*${MASTER.user_id}`),
    );
    await snap(master, '10-DC590101-payment-group');
    await chooseGroup(master, SECOND_GROUP.number);

    await expect(master.getByTestId('previous-login')).toBeVisible();
    await expect(master.getByTestId('idle-remaining')).toBeVisible();
    const menu = master.getByTestId('menu');
    for (const label of [
      'トップページ', '労金控除事務', '賃控元帳事務', '一斉積立事務', '共通機能', 'システム管理機能',
      '入金グループ選択', 'ログアウト',
    ]) {
      await expect(menuEntry(master, label), label).toBeVisible();
    }
    await expect(menu).not.toContainText('閲覧のみ');
    // A new contract: no schedules and no 一斉積立 data yet, said plainly.
    for (const occasion of ['monthly', 'summer', 'year_end']) {
      await expect(master.getByTestId(`schedule-${occasion}`)).toContainText('スケジュールはありません');
    }
    await expect(master.getByTestId('collective-savings')).toContainText('受信データはありません');
    await expect(master.getByTestId('notices')).toBeVisible();
    await snap(master, '11-DC671101-master-information');

    // The business menus: the manual's functions in its order, one table each; システム管理機能 for
    // the master: the user management, not ユーザー情報の照会.
    for (const [label, slug, rows, shot] of [
      ['労金控除事務', 'rokin_deduction', 11, '11a-MN000001-rokin-deduction'],
      ['賃控元帳事務', 'ledger', 13, '11b-MN000001-ledger'],
      ['一斉積立事務', 'collective_savings', 3, '11c-MN000001-collective-savings'],
      ['共通機能', 'common', 2, '11d-MN000001-common'],
      ['システム管理機能', 'system_admin', 2, '11e-MN000001-system-admin-master'],
    ] as const) {
      await menuEntry(master, label).click();
      await expect(master).toHaveURL(new RegExp(`/menu/${slug}$`));
      await expect(master.getByTestId(`menu-${slug}`).locator('.menu-table tbody tr')).toHaveCount(rows);
      await snap(master, shot);
    }
    await expect(master.getByRole('link', { name: '契約ユーザー情報照会', exact: true })).toBeVisible();
    await expect(master.getByRole('link', { name: 'ユーザー情報の照会', exact: true })).toHaveCount(0);
    await menuEntry(master, 'トップページ').click();
    await expect(screenId(master)).toHaveText('DC671101');
  });

  test('the master adds a general user: 賃控元帳 閲覧のみ, 一斉積立 非表示 (DM493101)', async () => {
    await openUserList(master);
    await expect(master.getByTestId(`user-row-${MASTER.user_id}`)).toContainText('正常');
    await snap(master, '12-DM493101-users');

    await master.getByRole('button', { name: '登録へ(F7)', exact: true }).click();
    await expect(master).toHaveURL(/\/admin\/users\/new$/);
    await field(master, 'user_id').fill(GENERAL.user_id);
    await field(master, 'user_name').fill(GENERAL.user_name);
    await field(master, 'password').fill(GENERAL.temporary);
    await field(master, 'password_confirmation').fill(GENERAL.temporary);
    await field(master, 'email').fill(GENERAL.email);
    await field(master, 'email_confirmation').fill(GENERAL.email);
    await master.locator('input[name=rokin_deduction][value=full]').check();
    await master.locator('input[name=ledger][value=read_only]').check();
    await master.locator('input[name=collective_savings][value=hidden]').check();
    await snap(master, '13-DM492101-new-general-user');
    await master.getByRole('button', { name: '登録', exact: true }).click();

    // Back on the list, with the result.
    const row = master.getByTestId(`user-row-${GENERAL.user_id}`);
    await expect(screenId(master)).toHaveText('DM493101');
    await expect(master.getByTestId('flash')).toContainText(GENERAL.user_id);
    await expect(row).toContainText(GENERAL.user_name);
    await expect(row).toContainText('正常');
    await snap(master, '14-DM493101-users-with-general');
  });

  test('the general user gets a certificate with the temporary password (/certificate?general=1)', async () => {
    // Same PC as the registration, no certificate presented (the manual: キャンセル the dialog).
    const page = registering.pages()[0];
    await page.goto('/');
    await page.getByRole('button', { name: '一般ユーザーの初期登録', exact: true }).click();
    await expect(page).toHaveURL(/\/certificate\?general=1$/);
    generalP12 = await certificateFlow(
      page,
      { user_id: GENERAL.user_id, password: GENERAL.temporary },
      p12Dir,
      { form: '15-DC586101-general-user-auth', code: '16-DC586101-general-code' },
    );
    await expectIssuedGuidance(page);
    await snap(page, '17-DC586101-general-issued');
  });

  test('the general user logs in, changes the temporary password and sees only their menus', async ({
    browser,
  }) => {
    generalPc = await newContext(browser, { path: generalP12, passphrase: GENERAL.temporary });
    general = await generalPc.newPage();
    await general.goto('/login');
    await expect(screenId(general)).toHaveText('DC582101');
    await expect(general.getByTestId('cert-state')).toContainText(GENERAL.user_id);
    await field(general, 'password').fill(GENERAL.temporary);
    await snap(general, '18-DC582101-general-login');
    await submitLogin(general);

    await expect(general).toHaveURL(/\/password\/change\?forced=1$/);
    await expect(general.getByTestId('forced-change')).toBeVisible();
    await field(general, 'current_password').fill(GENERAL.temporary);
    await field(general, 'new_password').fill(GENERAL.password);
    await field(general, 'new_password_confirmation').fill(GENERAL.password);
    await snap(general, '19-CM000001-forced-password-change');
    await general.getByRole('button', { name: '変更', exact: true }).click();

    // Then on as after a login: the group choice (two groups), telling the change is done.
    await expect(general).toHaveURL(/\/payment-group$/);
    await expect(general.getByTestId('flash')).toBeVisible();
    await snap(general, '20-DC590101-password-changed');
    await chooseGroup(general, firstGroup);
    await expect(general.getByTestId('org-user')).toHaveText(
      new RegExp(`${ORG}\\s*/\\s*${GENERAL.user_name}\\s*${GENERAL.user_id}`),
    );

    for (const label of ['トップページ', '労金控除事務', '賃控元帳事務（閲覧のみ）', '共通機能', '入金グループ選択', 'ログアウト']) {
      await expect(menuEntry(general, label), label).toBeVisible();
    }
    const menu = general.getByTestId('menu');
    await expect(menu).not.toContainText('一斉積立事務');
    // 一斉積立 非表示: not on the information screen either.
    await expect(general.getByTestId('schedule-monthly')).toBeVisible();
    await expect(general.getByTestId('collective-savings')).toHaveCount(0);
    // システム管理機能 (ユーザー情報の照会 only) appears once the server lists it for general users.
    await snap(general, '21-DC671101-general-menus');

    await menuEntry(general, '賃控元帳事務（閲覧のみ）').click();
    await expect(general).toHaveURL(/\/menu\/ledger/);
    await snap(general, '22-MN000001-ledger-read-only');
    await expect(general.getByRole('main')).toContainText('閲覧のみ');
    await general.getByRole('link', { name: '賃控元帳明細照会', exact: true }).click();
    // 賃控元帳事務 is built (issue 11): the screen opens without its change buttons.
    await expect(screenId(general)).toHaveText('LR101101');
    await expect(general.getByTestId('read-only')).toContainText('閲覧のみ');
    await expect(general.getByTestId('add-line')).toHaveCount(0);
    await snap(general, '23-LR101101-read-only');

    await menuEntry(general, 'ログアウト').click();
    await expect(general).toHaveURL(/\/logged-out$/);
    await snap(general, '24-SY000003-logged-out');
  });

  test('six wrong passwords lock the general user (E2003)', async () => {
    await general.goto('/login');
    await expect(screenId(general)).toHaveText('DC582101');
    const error = general.getByTestId('error');
    for (let attempt = 1; attempt <= 6; attempt++) {
      await field(general, 'password').fill(WRONG_PASSWORD);
      await submitLogin(general);
      if (attempt < 6) {
        await expect(error, `attempt ${attempt}`).toContainText('E2002');
        await expect(error).toContainText('ユーザーIDまたはパスワードが正しくありません。');
      }
    }
    await expect(error).toContainText('E2003');
    await expect(error).toContainText('ログイン不可（ロック）');
    await snap(general, '25-DC582101-locked-E2003');

    // The right password does not help while locked.
    await field(general, 'password').fill(GENERAL.password);
    await submitLogin(general);
    await expect(error).toContainText('E2003');
  });

  test('the master sees ロック中 in DM493101 and sets 正常 in DM492101', async () => {
    await openUserList(master);
    const row = master.getByTestId(`user-row-${GENERAL.user_id}`);
    await expect(row).toContainText('ロック中');
    await expect(row).toContainText(/\d{4}\/\d{1,2}\/\d{1,2}\s+\d{1,2}:\d{2}/);
    await snap(master, '26-DM493101-locked');

    await row.getByRole('button', { name: '更新へ', exact: true }).click();
    await expect(master).toHaveURL(new RegExp(`/admin/users/${GENERAL.user_id}$`));
    await expect(screenId(master)).toHaveText('DM492101');
    await expect(master.locator('input[name=status][value=locked]')).toBeChecked();
    await expect(master.locator('input[name=ledger][value=read_only]')).toBeChecked();
    await expect(master.locator('input[name=collective_savings][value=hidden]')).toBeChecked();
    await master.locator('input[name=status][value=normal]').check();
    await snap(master, '27-DM492101-set-normal');
    // 更新(F8): the function key, as on the manual's screen.
    await expect(master.getByRole('button', { name: '更新(F8)' })).toBeVisible();
    await master.keyboard.press('F8');
    await expect(master.getByTestId('done')).toBeVisible();
    await snap(master, '28-DM492101-updated');

    await master.getByRole('button', { name: '一覧へ(F4)', exact: true }).click();
    await expect(screenId(master)).toHaveText('DM493101');
    await expect(row).toContainText('正常');
    await expect(row).not.toContainText('ロック中');
  });

  test('the master reads the operation log and downloads it as CSV', async () => {
    await menuEntry(master, 'システム管理機能').click();
    await master.getByRole('link', { name: '操作ログ照会', exact: true }).click();
    await expect(master).toHaveURL(/\/admin\/log$/);
    await field(master, 'user_id').fill(GENERAL.user_id);
    await master.getByRole('button', { name: '検索', exact: true }).click();
    const rows = master.getByTestId('log-row');
    // The failed logins at DC582101: five wrong passwords, the sixth that locked, the refused one.
    const logins = rows.filter({ hasText: 'DC582101' });
    await expect(logins.filter({ hasText: 'E2002' })).toHaveCount(5);
    await expect(logins.filter({ hasText: 'E2003' })).toHaveCount(2);
    await expect(logins.filter({ hasText: '成功' }).first()).toBeVisible();
    await snap(master, '29-DM494101-operation-log');

    const [download] = await Promise.all([
      master.waitForEvent('download'),
      master.getByRole('button', { name: 'CSVダウンロード', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toContain('日時');
    expect(csv).toContain(GENERAL.user_id);
    expect(csv).toContain('DC582101');
  });

  test('the general user logs in again, then both log out', async () => {
    await general.goto('/login');
    await field(general, 'password').fill(GENERAL.password);
    await submitLogin(general);
    await chooseGroup(general, SECOND_GROUP.number);
    await expect(general.getByTestId('previous-login')).toContainText(/\d{4}\/\d{1,2}\/\d{1,2}|\d{4}年/);
    await snap(general, '30-DC671101-general-again');
    await menuEntry(general, 'ログアウト').click();
    await expect(general).toHaveURL(/\/logged-out$/);

    await menuEntry(master, 'ログアウト').click();
    await expect(master).toHaveURL(/\/logged-out$/);
    await snap(master, '31-SY000003-master-logged-out');
  });
});

test.describe('certificates the login refuses', () => {
  test('without a certificate /login says none was presented (E2101)', async ({ browser }) => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto('/login');
      await expect(screenId(page)).toHaveText('DC582101');
      await expect(page.getByTestId('cert-state')).toContainText('電子証明書が提示されていません');
      await field(page, 'password').fill(MASTER.password);
      await submitLogin(page);
      await expect(page.getByTestId('error')).toContainText('E2101');
      await expect(page.getByTestId('error')).toContainText('電子証明書が提示されていません。');
      await snap(page, '40-DC582101-no-certificate');
    } finally {
      await context.close();
    }
  });

  test('a certificate from another CA is explained as not this service\'s (E2102)', async ({ browser }) => {
    const dir = tempDir('cjs-e2e-foreign-');
    const context = await newContext(browser, {
      path: foreignCertificate(dir, MASTER.user_id, 'Foreign#1'),
      passphrase: 'Foreign#1',
    });
    try {
      const page = await context.newPage();
      await page.goto('/login');
      await expect(screenId(page)).toHaveText('DC582101');
      await expect(page.getByTestId('cert-state')).toContainText('本サービスで発行されたものではない');
      await field(page, 'password').fill(MASTER.password);
      await submitLogin(page);
      await expect(page.getByTestId('error')).toContainText('E2102');
      await snap(page, '41-DC582101-foreign-certificate');
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  test('an expired certificate of this service is explained as expired (E2103)', async ({ browser }) => {
    const dir = tempDir('cjs-e2e-expired-');
    const context = await newContext(browser, {
      path: expiredCertificate(dir, path.join(dataDir(), 'pki'), MASTER.user_id, 'Expired#1'),
      passphrase: 'Expired#1',
    });
    try {
      const page = await context.newPage();
      await page.goto('/login');
      await expect(screenId(page)).toHaveText('DC582101');
      await expect(page.getByTestId('cert-state')).toContainText('有効期限切れ');
      await field(page, 'password').fill(MASTER.password);
      await submitLogin(page);
      await expect(page.getByTestId('error')).toContainText('E2103');
      await snap(page, '42-DC582101-expired-certificate');
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test.describe('idle timeout', () => {
  // A server of its own with a 4-second idle limit (the manual's 60 minutes, shortened).
  test('after the idle limit the next click ends at the timeout screen, and so does waiting', async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    let server: Server | undefined;
    let context: BrowserContext | undefined;
    const dir = tempDir('cjs-e2e-idle-p12-');
    try {
      server = await startServer({ CJS__POLICY__IDLE_TIMEOUT: '4s' }, 'idle');
      const created = operator(
        ['contract', 'create', '--kind', 'member', '--name', '岡山労働組合', '--name-kana', 'ｵｶﾔﾏﾛｳｸﾐ',
          '--initial-password', INITIAL_PASSWORD],
        server.dataDir,
      );
      const user = { user_id: 'idle01', password: 'Idle#2024', user_name: '待機　一郎', email: 'idle@example.co.jp' };
      const p12 = await registerAndIssue(server, created.contract_number, INITIAL_PASSWORD, user, dir);
      const pfx: Pfx = { path: p12, passphrase: user.password };
      context = await newContext(browser, pfx, server.baseUrl);
      const page = await context.newPage();
      const logIn = async () => {
        await page.goto('/login');
        await expect(page.getByTestId('cert-state')).toContainText(user.user_id);
        await field(page, 'password').fill(user.password);
        await submitLogin(page);
        await expect(screenId(page)).toHaveText('DC671101');
        await expect(page.getByTestId('idle-remaining')).toBeVisible();
        // One payment group: no group choice, in the menu either.
        await expect(menuEntry(page, '共通機能')).toBeVisible();
        await expect(page.getByTestId('menu')).not.toContainText('入金グループ選択');
      };

      // 1. The server decides: with the page's own timers held, the first request after the
      // limit (a menu click) gets E2202 and the SPA shows the timeout screen.
      await page.clock.install();
      await logIn();
      await page.clock.pauseAt(await page.evaluate(() => Date.now() + 50));
      await page.waitForTimeout(5_500);
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/api/v1/') && r.status() === 401),
        menuEntry(page, '共通機能').click(),
      ]);
      expect((await refused.json()).code).toBe('E2202');
      await expect(page).toHaveURL(/\/timeout$/);
      await expect(page.getByTestId('timeout')).toContainText('一定時間操作がなかったため、ログアウトしました');
      await snap(page, '43-SY000002-timeout');
      await expect(page.getByTestId('menu')).toBeHidden();
      await page.clock.resume();

      // 2. Without a click: when the header's countdown runs out, the SPA asks the server and
      // shows the same screen.
      await logIn();
      await expect(page).toHaveURL(/\/timeout$/, { timeout: 10_000 });
      await expect(page.getByTestId('timeout')).toContainText('一定時間操作がなかったため、ログアウトしました');
    } finally {
      await context?.close();
      await server?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
