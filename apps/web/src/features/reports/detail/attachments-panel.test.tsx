import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Attachment } from '../../../lib/types.js';
import { fakeApi } from '../../../test/fake-api.js';
import { jsonResponse, problemResponse, renderWithProviders } from '../../../test/render.js';
import { AttachmentsPanel } from './attachments-panel.js';

const REPORT_ID = '0b7c2f3e-5d1a-4f6b-9c8d-1e2f3a4b5c6d';
const base = `/api/v1/reports/${REPORT_ID}/attachments`;
const MAX = 10 * 1024 * 1024;

const stored: Attachment = {
  id: '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4',
  reportId: REPORT_ID,
  filename: 'ログ.txt',
  type: 'text/plain',
  declaredType: 'text/plain',
  size: 2048,
  sha256: 'a'.repeat(64),
  uploadedBy: { userId: null, organizationId: null, label: '報告者 R-2026-000123' },
  createdAt: '2026-11-23T01:00:00.000Z',
  metadataStripped: true,
  scan: 'not_scanned',
  scanLabel: { ja: '未スキャン', en: 'not scanned' },
  href: `${base}/9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4`,
};

function choose(name: string) {
  const input = screen.getByTestId('attachment-file');
  fireEvent.change(input, {
    target: { files: [new File(['x'], name, { type: 'application/octet-stream' })] },
  });
  fireEvent.click(screen.getByRole('button', { name: 'アップロード' }));
}

describe('AttachmentsPanel', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists files with size, type, scan state and a plain download link', async () => {
    fakeApi({ [`GET ${base}`]: () => jsonResponse(200, { items: [stored], maxBytes: MAX }) });
    renderWithProviders(<AttachmentsPanel reportId={REPORT_ID} mayAttach={false} />);

    const table = await screen.findByTestId('attachments-table');
    expect(within(table).getByRole('link', { name: 'ログ.txt' }).getAttribute('href')).toBe(stored.href);
    expect(within(table).getByText('2 KiB')).toBeTruthy();
    expect(within(table).getByText('text/plain')).toBeTruthy();
    expect(within(table).getByText('未スキャン')).toBeTruthy();
    expect(within(table).getByText('メタデータ除去済み')).toBeTruthy();
    expect(screen.queryByTestId('attachment-file')).toBeNull();
  });

  it('translates a 413 with the limit and a 415 with what is accepted', async () => {
    const calls = fakeApi({
      [`GET ${base}`]: () => jsonResponse(200, { items: [], maxBytes: MAX }),
      [`POST ${base}`]: (call) =>
        call.body instanceof FormData && (call.body.get('file') as File).name === 'big.pdf'
          ? problemResponse(413, 'PAYLOAD_TOO_LARGE', 'Payload too large')
          : problemResponse(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported'),
    });
    renderWithProviders(<AttachmentsPanel reportId={REPORT_ID} mayAttach />);
    await screen.findByText('添付ファイルはありません。');

    choose('big.pdf');
    expect((await screen.findByTestId('upload-error')).textContent).toContain(
      'ファイルが大きすぎます(上限 10 MiB)。',
    );

    choose('tool.exe');
    expect(
      (await screen.findByText(/この形式のファイルは添付できません。/)).closest('[role="alert"]'),
    ).toBeTruthy();
    const uploads = calls.filter((c) => c.method === 'POST');
    expect(uploads).toHaveLength(2);
    expect(uploads.every((c) => c.body instanceof FormData)).toBe(true);
  });

  it('uploads the chosen file as the multipart field "file" and lists it', async () => {
    let items: Attachment[] = [];
    const calls = fakeApi({
      [`GET ${base}`]: () => jsonResponse(200, { items, maxBytes: MAX }),
      [`POST ${base}`]: () => {
        items = [stored];
        return jsonResponse(201, stored);
      },
    });
    renderWithProviders(<AttachmentsPanel reportId={REPORT_ID} mayAttach />);
    await screen.findByText('添付ファイルはありません。');

    choose('ログ.txt');
    expect(await screen.findByRole('link', { name: 'ログ.txt' })).toBeTruthy();
    const body = calls.find((c) => c.method === 'POST')?.body;
    expect(body instanceof FormData && (body.get('file') as File).name).toBe('ログ.txt');
  });
});
