import { expect, test, type Page } from '@playwright/test';
import { demoSignIns, repoRoot } from './settings';
import { totpCode } from './totp';

/**
 * Collects what the console says. Chromium also logs expected 401 answers (the
 * signed-out /me check, MFA_REQUIRED) as "Failed to load resource"; those are not faults.
 */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const text = message.text();
    if (/Failed to load resource: the server responded with a status of 401/.test(text)) return;
    problems.push(`${message.type()}: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

// Read once the server has seeded its data directory, not when the file is listed.
let demo: ReturnType<typeof demoSignIns>;
test.beforeAll(() => {
  demo = demoSignIns();
});

async function signIn(page: Page, email: string, options: { totpSecret?: string } = {}): Promise<void> {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(demo.password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  if (options.totpSecret) {
    const code = page.getByLabel(/確認コード/);
    await expect(code).toBeVisible();
    await code.fill(totpCode(options.totpSecret));
    await page.getByRole('button', { name: '確認する' }).click();
  }
  await expect(page).toHaveURL(/\/directory/);
}

/** Picks a file the way a person does: the labelled control opens the file chooser. */
async function chooseFile(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByLabel('CSVファイル').click();
  await (await chooser).setFiles(file);
}

async function expectStyled(page: Page): Promise<void> {
  // Mantine's stylesheet and the AppShell variables apply under the server's CSP.
  const styles = await page.evaluate(() => {
    const main = document.querySelector('main');
    return {
      font: getComputedStyle(document.body).fontFamily,
      paddingTop: main ? parseFloat(getComputedStyle(main).paddingTop) : 0,
    };
  });
  expect(styles.font).toContain('Noto Sans JP');
  expect(styles.paddingTop).toBeGreaterThanOrEqual(60);
}

test.describe.configure({ mode: 'serial' });

test('a non-privileged person signs in, switches language, and it sticks after reload', async ({ page }) => {
  const problems = watchConsole(page);
  const csp = await page.request.get('/');
  expect(csp.headers()['content-security-policy']).toContain("style-src 'self'");

  await signIn(page, demo.viewer);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('link', { name: '組織一覧' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '組織一覧', level: 1 })).toBeVisible();
  await expectStyled(page);

  await page.getByText('English', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Directory', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'CSV import' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Directory', level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // The choice was also saved with the account, so another browser starts in English.
  const me = await page.request.get('/api/v1/me');
  expect(((await me.json()) as { user: { locale: string } }).user.locale).toBe('en');

  await page.getByText('日本語', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '組織一覧', level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: '組織一覧', level: 1 })).toBeVisible();
  expect(problems).toEqual([]);
});

test('a privileged person signs in with TOTP and reads the directory of both editions', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page, demo.admin.email, { totpSecret: demo.admin.totpSecret });
  await expect(page.getByTestId('active-organization').first()).toBeVisible();

  const edition = page.getByRole('radiogroup', { name: '版' });
  const table = page.getByTestId('structure-table');

  await edition.getByText(/^2022/).click();
  await expect(page).toHaveURL(/edition=policy-2022/);
  await expect(table.getByRole('rowheader')).toHaveCount(14);
  const banking = table.getByRole('row').filter({ hasText: '銀行等CEPTOAR' });
  await expect(banking.getByTestId('ceptoar-members')).toContainText('1,285 社');

  await edition.getByText(/^現行/).click();
  await expect(page).toHaveURL(/edition=current/);
  await expect(table.getByRole('rowheader')).toHaveCount(15);
  await expect(table.getByRole('rowheader', { name: '港湾' })).toBeVisible();

  // The README's screenshot is refreshed on request only, so a test run leaves the tree clean.
  if (process.env['CIPX_E2E_SCREENSHOT'] === '1') {
    await page.screenshot({ path: `${repoRoot}/docs/screenshot-directory.png`, fullPage: false });
  }

  await banking.getByRole('link', { name: '銀行等CEPTOAR' }).click();
  await expect(page).toHaveURL(/\/organizations\//);
  await expect(page.getByRole('heading', { name: '銀行等CEPTOAR', level: 1 })).toBeVisible();
  await expect(page.getByTestId('member-count')).toContainText('1,285');

  await page.getByRole('link', { name: '組織一覧に戻る' }).click();
  await page.getByLabel('検索語').fill('デモ銀行');
  const results = page.getByTestId('organization-results');
  await expect(results.getByRole('link').first()).toContainText('デモ銀行');
  const before = await results.getByRole('link').count();
  await page.getByRole('button', { name: 'さらに表示' }).click();
  await expect.poll(() => results.getByRole('link').count()).toBeGreaterThan(before);

  await results.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('デモ銀行');
  await expect(page.getByTestId('contacts-table')).toContainText('24時間連絡先');

  await page.getByRole('link', { name: 'CSV取込' }).click();
  await expect(page.getByRole('heading', { name: 'CSV取込', level: 1 })).toBeVisible();
  const header = 'slug,kind,name_ja,name_en,sector_code,member_kind,prefecture_code';
  const file = (rows: string[]) => ({
    name: 'organizations.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([header, ...rows].join('\n') + '\n', 'utf8'),
  });
  await chooseFile(page, file(['demo-e2e-0001,no_such_kind,E2E組織,E2E Org,finance,company,13']));
  await expect(page.getByTestId('csv-preview')).toContainText('E2E組織');
  await page.getByRole('button', { name: '検証のみ' }).click();
  await expect(page.getByTestId('import-errors')).toContainText('kind');
  await expect(page.getByRole('button', { name: '取込', exact: true })).toBeDisabled();

  await chooseFile(page, file(['demo-e2e-0001,operator,E2E組織,E2E Org,finance,company,13']));
  await page.getByRole('button', { name: '検証のみ' }).click();
  await expect(page.getByTestId('import-created')).toHaveText('1');
  await page.getByRole('button', { name: '取込', exact: true }).click();
  await expect(page.getByTestId('import-result')).toContainText('取込結果');
  await expect(page.getByTestId('import-created')).toHaveText('1');

  await page.getByRole('button', { name: 'サインアウト' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(problems).toEqual([]);
});
