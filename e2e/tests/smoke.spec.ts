// Smoke: the SPA loads from the real server over HTTPS, routes deep links, the top page (DC581101)
// offers the four ways in, and the status screen (/status, SY000001) reports the server, the
// embedded database and the (absent) client certificate.
import path from 'node:path';
import { expect, test, type Page, type Response } from '@playwright/test';

const SYSTEM_NAME = 'ろうきん賃金控除事務支援システム';
const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

function expectHtml(response: Response | null): void {
  expect(response, 'navigation response').not.toBeNull();
  expect(response!.status()).toBe(200);
  expect(response!.headers()['content-type']).toContain('text/html');
}

async function expectStatusScreen(page: Page): Promise<void> {
  await expect(page.getByRole('banner')).toContainText(SYSTEM_NAME);
  await expect(page.getByTestId('screen-id')).toHaveText('SY000001');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('システム稼働状況');
  await expect(page.getByTestId('health')).toContainText('稼働中');
  await expect(page.getByTestId('health')).toContainText('ok');
  await expect(page.getByTestId('ready')).toContainText('接続済');
  await expect(page.getByTestId('ready')).toContainText('組込みデータベース (SQLite)');
  await expect(page).toHaveTitle(`システム稼働状況 | ${SYSTEM_NAME}`);
}

async function expectTopPage(page: Page): Promise<void> {
  await expect(page.getByRole('banner')).toContainText(SYSTEM_NAME);
  await expect(page.getByTestId('screen-id')).toHaveText('DC581101');
  for (const name of ['ログイン', 'マスターユーザーの初期登録', '一般ユーザーの初期登録', '電子証明書発行']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
}

test('the top page (DC581101) offers login, the first registrations and certificates', async ({
  page,
}) => {
  expectHtml(await page.goto('/'));
  await expectTopPage(page);
  await screenshot(page, 'top');
});

test('the status page shows the server and the embedded database as up', async ({ page }) => {
  expectHtml(await page.goto('/status'));
  await expectStatusScreen(page);
  await screenshot(page, 'status');

  await page.getByRole('button', { name: '再確認' }).click();
  await expectStatusScreen(page);
});

test('the deep link /status loads directly and survives a reload', async ({ page }) => {
  expectHtml(await page.goto('/status'));
  await expectStatusScreen(page);

  expectHtml(await page.reload());
  await expectStatusScreen(page);
  await screenshot(page, 'status-deep-link');
});

test('an unknown address shows the not-found screen', async ({ page }) => {
  expectHtml(await page.goto('/no/such/page'));
  await expect(page.getByTestId('screen-id')).toHaveText('ERR404');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ページが見つかりません');
  await screenshot(page, 'not-found');

  await page.getByRole('link', { name: 'トップページへ戻る' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expectTopPage(page);
});

test('without a client certificate the status screen says none was presented', async ({
  page,
  request,
}) => {
  const api = await request.get('/api/v1/client-certificate');
  expect(api.status()).toBe(200);
  expect((await api.json()).status).toBe('none');

  await page.goto('/status');
  await expect(page.getByTestId('client-cert')).toContainText('提示なし');
});

test('the status screen fits a tablet', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.goto('/status');
  await expectStatusScreen(page);
  await screenshot(page, 'status-tablet');
});

test('pages carry a CSP and log no console errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));

  const response = await page.goto('/');
  const csp = response?.headers()['content-security-policy'];
  expect(csp, 'Content-Security-Policy header').toBeTruthy();
  expect(csp).toContain("default-src 'self'");
  await expectTopPage(page);

  await page.goto('/status');
  await expectStatusScreen(page);
  await expect(page.getByTestId('client-cert')).toContainText('提示なし');

  await page.goto('/no/such/page');
  await expect(page.getByTestId('screen-id')).toHaveText('ERR404');

  expect(errors).toEqual([]);
});

test('a failed check shows the error code and message, and 再確認 recovers', async ({ page }) => {
  // The database answers 503 once (the server's ApiError shape), then the real server answers.
  let failures = 1;
  await page.route('**/api/v1/ready', async (route) => {
    if (failures-- > 0) {
      await route.fulfill({
        status: 503,
        json: {
          code: 'E9503',
          message: 'ただいまサービスを利用できません。しばらくしてから再度お試しください。',
          request_id: 'e2e-request-id',
        },
      });
    } else {
      await route.continue();
    }
  });
  // The client certificate endpoint cannot be reached at all.
  await page.route('**/api/v1/client-certificate', (route) => route.abort('connectionrefused'));

  await page.goto('/status');
  const ready = page.getByTestId('ready');
  await expect(ready.getByRole('alert')).toContainText('E9503');
  await expect(ready).toContainText('ただいまサービスを利用できません。');
  await expect(ready).toContainText('お問い合わせ番号: e2e-request-id');
  await expect(page.getByTestId('client-cert').getByRole('alert')).toContainText(
    'サーバーに接続できません。',
  );
  await expect(page.getByTestId('health')).toContainText('稼働中');
  await screenshot(page, 'status-errors');

  await page.getByRole('button', { name: '再確認' }).click();
  await expect(ready).toContainText('接続済');
  await expect(ready.getByRole('alert')).toHaveCount(0);
});

test('time to first screen (cold cache, loopback) is measured and printed', async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const started = Date.now();
  await page.goto('/');
  await expect(page.getByTestId('screen-id')).toHaveText('DC581101');
  const elapsed = Date.now() - started;
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const bytes = performance
      .getEntriesByType('resource')
      .reduce((n, r) => n + ((r as PerformanceResourceTiming).transferSize || 0), 0);
    return {
      dom: Math.round(nav.domContentLoadedEventEnd),
      bytes,
    };
  });
  console.log(
    `first screen: DC581101 in ${elapsed} ms (DOMContentLoaded ${timing.dom} ms, ` +
      `${Math.round(timing.bytes / 1024)} KB transferred)`,
  );
  // The wasm is served compressed: far fewer bytes than its size on disk. The budget was
  // 900 KiB until the 13 賃控元帳 screens (2.49 MB wasm, ~1.15 MB transferred with gzip), then
  // 1,200 KiB; the 6 screens of 一斉積立事務 and 財形貯蓄事務 (2.76 MB wasm, ~1.28 MB transferred)
  // make it 1,350 KiB until the SPA is split per menu or served with brotli (a regression on
  // record: actix-web is built without compress-brotli).
  expect(timing.bytes).toBeLessThan(1350 * 1024);
  await context.close();
});
