import { expect, test, type Page } from '@playwright/test';
import { demoSignIns } from './settings';

/**
 * What the console says, minus Chromium's lines for expected 401 answers (the signed-out
 * /me check). A CSP refusal of an inline style or script would show up here.
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

let demo: ReturnType<typeof demoSignIns>;
test.beforeAll(() => {
  demo = demoSignIns();
});

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(demo.password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page).toHaveURL(/\/directory/);
}

/** A JST wall-clock time `minutesAgo` before now, as a datetime-local input takes it. */
function jstInput(minutesAgo: number): string {
  const jst = new Date(Date.now() - minutesAgo * 60_000 + 9 * 60 * 60_000);
  return jst.toISOString().slice(0, 16);
}

/** Picks an option of a select the way a person does: open it, type to narrow when it searches, choose. */
async function choose(page: Page, label: string | RegExp, option: string | RegExp, typed?: string) {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  if (typed !== undefined) await input.fill(typed);
  await page.getByRole('option', { name: option }).click();
}

const next = (page: Page) => page.getByRole('button', { name: '次へ' }).click();
const stepHeading = (page: Page, name: string) => page.getByRole('heading', { level: 2, name });

test.describe.configure({ mode: 'serial' });

// A fresh word per run, so the search below finds this run's report only.
const token = `検証${Date.now().toString().slice(-6)}`;
const title = `勘定系システム接続障害 ${token}`;

test('an operator files a report through the wizard in Japanese on a phone-size screen', async ({ page }) => {
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, demo.bankReporter);

  await page.getByRole('button', { name: 'メニューを開く' }).click();
  await page.getByRole('link', { name: '新規報告' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '新規報告' })).toBeVisible();

  // 1. Kind: "next" refuses to go on without one.
  await next(page);
  await expect(page.getByText('入力してください。')).toBeVisible();
  await page.getByRole('radio', { name: /重要インフラサービス障害/ }).check();
  await next(page);

  // 2. What happened. The draft exists now; a reload would find it.
  await expect(stepHeading(page, '発生事象')).toBeVisible();
  await expect(page).toHaveURL(/\/reports\/[0-9a-f-]{36}\/edit\?step=facts/);
  await page.getByRole('textbox', { name: /件名/ }).fill(title);
  await page
    .getByRole('textbox', { name: /発生事象の内容/ })
    .fill('本日朝からインターネットバンキングへのログインが断続的に失敗している。原因を調査中。');
  // The reporter's own sector comes preselected.
  await expect(page.getByRole('combobox', { name: '分野' })).toHaveValue('金融');
  await page.getByRole('textbox', { name: /サービス/ }).fill('インターネットバンキング');
  await choose(page, '原因', 'システムの障害');
  await page.getByRole('checkbox', { name: 'IT(情報系)' }).check();
  await page.getByLabel(/発生日時/).fill(jstInput(90));
  await page.getByLabel(/検知日時/).fill(jstInput(75));
  await next(page);

  // 3. Impact, with prefectures by their Japanese names.
  await expect(stepHeading(page, '影響')).toBeVisible();
  await choose(page, 'サービスへの影響', '一部停止');
  await choose(page, '影響のある都道府県', '13 東京都', '東京');
  await choose(page, '影響のある都道府県', '14 神奈川県', '神奈川');
  await page.getByRole('textbox', { name: /影響を受けた利用者数/ }).fill('12000');
  await next(page);

  // 4. Severity: CIPX's suggestion, taken as the provisional rating.
  await expect(stepHeading(page, '深刻度')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'CIPXによる提案' })).toBeVisible();
  await page.getByRole('button', { name: '提案の値を使う' }).click();
  await page.getByRole('textbox', { name: '評価の根拠' }).fill('一部の利用者がログインできないため。');
  await next(page);

  // 5. Route and TLP: straight to the coordinator.
  await expect(stepHeading(page, '報告経路と TLP')).toBeVisible();
  await expect(
    page.getByText('受信者の組織内とその顧客に、知る必要のある範囲で共有できます。'),
  ).toBeVisible();
  await page.getByRole('radio', { name: /ホットライン/ }).check();
  await next(page);

  // 6. Review and submit.
  await expect(stepHeading(page, '確認と提出')).toBeVisible();
  await expect(page.getByText(title)).toBeVisible();
  await expect(page.getByText('東京都')).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.getByRole('button', { name: '提出する' }).click();

  await expect(page).toHaveURL(/\/reports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('提出済み').first()).toBeVisible();
  const route = page.getByTestId('report-route');
  await expect(route).toContainText('ホットライン');
  // Hotline: to the coordinator, with a copy to the responsible ministry.
  await expect(route.getByRole('row').filter({ hasText: '国家サイバー統括室' })).toContainText('転送済み');
  await expect(route.getByRole('row').filter({ hasText: '金融庁' })).toContainText('写し');
  await expect(page.getByTestId('report-timeline')).toContainText('提出');

  await page.getByRole('button', { name: 'メニューを開く' }).click();
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(problems).toEqual([]);
});

test('the NCO duty officer finds the report in the list, by Japanese search, and opens it', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await signIn(page, demo.dutyOfficer);
  await page.getByRole('link', { name: '報告', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '報告一覧' })).toBeVisible();
  const results = page.getByTestId('report-results');
  await expect(results.getByRole('link', { name: title })).toBeVisible();

  await page.getByRole('textbox', { name: '検索語' }).fill(token);
  await page.getByRole('button', { name: '検索', exact: true }).click();
  await expect(page).toHaveURL(/q=/);
  await expect(results.getByRole('link')).toHaveCount(1);
  await expect(results.getByRole('link', { name: title })).toBeVisible();
  await expect(results).toContainText('デモ銀行');

  await results.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('report-facts')).toContainText('インターネットバンキング');
  await expect(page.getByTestId('report-facts')).toContainText('神奈川県');
  await expect(page.getByTestId('report-severity')).toContainText('暫定評価');

  // The coordinator received it on the hotline: its duty officer confirms receipt.
  await page.getByRole('button', { name: '受領確認' }).click();
  await expect(page.getByText('受領確認済み').first()).toBeVisible();
  await expect(page.getByTestId('report-timeline')).toContainText('受領確認');

  // A follow-up question to the reporting bank, which the page lists at once.
  const followUps = page.getByTestId('report-follow-ups');
  await expect(followUps).toContainText('追加の質問はありません。');
  await followUps
    .getByRole('textbox', { name: '報告組織への質問' })
    .fill(`影響範囲は拡大していますか。${token}`);
  await followUps.getByRole('button', { name: '質問する' }).click();
  await expect(followUps.getByTestId('follow-up')).toContainText(`影響範囲は拡大していますか。${token}`);
  await expect(followUps.getByTestId('follow-up')).toContainText('回答待ち');
  await expect(page.getByTestId('report-timeline')).toContainText('追加の質問');
  expect(problems).toEqual([]);
});

test('the reporter answers the follow-up question and attaches a log excerpt', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page, demo.bankReporter);
  await page.getByRole('link', { name: '報告', exact: true }).click();
  await page.getByRole('textbox', { name: '検索語' }).fill(token);
  await page.getByRole('button', { name: '検索', exact: true }).click();
  await page.getByTestId('report-results').getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  const followUp = page.getByTestId('report-follow-ups').getByTestId('follow-up');
  await expect(followUp).toContainText(`影響範囲は拡大していますか。${token}`);
  await followUp.getByRole('textbox', { name: '回答' }).fill('拡大していません。');
  await followUp.getByRole('button', { name: '回答する' }).click();
  await expect(followUp.getByTestId('follow-up-answer')).toContainText('拡大していません。');
  await expect(page.getByTestId('report-timeline')).toContainText('質問への回答');

  // A log excerpt as an attachment: listed with its size, unscanned, as a plain download.
  const attachments = page.getByTestId('report-attachments');
  await attachments.getByLabel('ファイル').setInputFiles({
    name: 'login-errors.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('2026-11-23 09:10 login failed\n', 'utf8'),
  });
  await attachments.getByRole('button', { name: 'アップロード' }).click();
  const link = attachments.getByRole('link', { name: 'login-errors.txt' });
  await expect(link).toHaveAttribute(
    'href',
    /\/api\/v1\/reports\/[0-9a-f-]{36}\/attachments\/[0-9a-f-]{36}$/,
  );
  await expect(attachments).toContainText('未スキャン');
  await expect(page.getByTestId('report-timeline')).toContainText('添付ファイルを追加');
  expect(problems).toEqual([]);
});
