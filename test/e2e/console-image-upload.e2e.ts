import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { ADMIN, consoleLogin, useBrowserSession, viewportShot } from './support';

jest.setTimeout(180_000);

// The console's image field (ImageUploadField) in the goods editor: picked files upload with the operator's
// token and show as thumbnails served by /api/v1/media, the first is 封面, arrows reorder, a click previews
// the original, and a file that is not an image shows the server's message on a red tile.
describe('console: image upload field', () => {
  const session = useBrowserSession();
  let page: Page;

  /** A solid tile with a darker square, as PNG or JPEG bytes. */
  const tile = (colour: string, format: 'png' | 'jpeg') =>
    sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200" fill="rgba(0,0,0,0.35)"/></svg>',
          ),
          top: 140,
          left: 220,
        },
      ])
      .toFormat(format)
      .toBuffer();

  // The goods editor names its field goods-images (ImageUploadField's testId; its parts are <testId>-item…).
  const FIELD = 'goods-images';
  const field = () => page.locator(`[data-testid=${FIELD}]`).filter({ visible: true });
  const items = () => field().locator(`[data-testid=${FIELD}-item]`);
  const order = () => items().evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-media-id'))));

  it('uploads, shows thumbnails with the cover first, reorders, previews and explains a refusal', async () => {
    page = await session.newPage('desktop');
    await consoleLogin(session.url, page, ADMIN);
    await page.getByRole('menuitem', { name: /积分商城/ }).click();
    await page.getByRole('menuitem', { name: /商品管理/ }).click();
    await page.waitForURL(/#\/mall\/goods/);
    await page.locator('[data-testid=goods-create]').click();
    await field().waitFor();

    const thumbRequests: string[] = [];
    page.on('response', (r) => r.url().includes('/api/v1/media/') && thumbRequests.push(`${r.status()} ${r.url()}`));
    await field()
      .locator('input[type=file]')
      .setInputFiles([
        { name: '橙色.png', mimeType: 'image/png', buffer: await tile('#fa8c16', 'png') },
        { name: '蓝色.jpg', mimeType: 'image/jpeg', buffer: await tile('#1677ff', 'jpeg') },
      ]);
    await page.waitForFunction(
      (testId) => {
        const imgs = [...document.querySelectorAll<HTMLImageElement>(`[data-testid=${testId}-item] img`)];
        return imgs.length === 2 && imgs.every((img) => img.complete && img.naturalWidth > 0);
      },
      FIELD,
      { timeout: 20_000 },
    );
    const srcs = await items()
      .locator('img')
      .evaluateAll((els) => els.map((e) => (e as HTMLImageElement).getAttribute('src')));
    for (const src of srcs) expect(src).toMatch(/^\/api\/v1\/media\/\d+\/thumb\?v=[0-9a-f]{16}$/);
    // The thumbnails are 400 px wide (640 px uploads), decoded in the page.
    const widths = await items()
      .locator('img')
      .evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth));
    expect(widths).toEqual([400, 400]);
    expect(thumbRequests.every((r) => r.startsWith('200 '))).toBe(true);

    const [first, second] = await order();
    expect(await items().first().locator(`[data-testid=${FIELD}-cover]`).innerText()).toBe('封面');
    await viewportShot(page, 'console-image-upload');

    // The cover moves: second image to the front.
    await items().nth(1).locator(`[data-testid=${FIELD}-left]`).click();
    expect(await order()).toEqual([second, first]);
    expect(await items().nth(0).locator(`[data-testid=${FIELD}-cover]`).count()).toBe(1);
    expect(await items().nth(1).locator(`[data-testid=${FIELD}-cover]`).count()).toBe(0);

    // Dragging the second tile onto the first puts it back in front. The drag events are dispatched in the
    // page in the order a browser fires them: Playwright's emulated mouse drag of an HTML5 draggable in
    // headless Chromium delivered the drop only some of the time (CI failed on it), while what this test
    // checks is the tile's handlers.
    await page.evaluate((testId) => {
      const [target, source] = document.querySelectorAll(`[data-testid=${testId}-item]`);
      const dataTransfer = new DataTransfer();
      const fire = (el: Element, type: string) =>
        el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }));
      fire(source, 'dragstart');
      fire(target, 'dragenter');
      fire(target, 'dragover');
      fire(target, 'drop');
      fire(source, 'dragend');
    }, FIELD);
    await page.waitForFunction(
      ([testId, want]) =>
        [...document.querySelectorAll(`[data-testid=${testId}-item]`)]
          .map((e) => e.getAttribute('data-media-id'))
          .join() === want,
      [FIELD, `${first},${second}`] as const,
      { timeout: 5_000 },
    );
    expect(await order()).toEqual([first, second]);

    // A click on the tile's eye previews the original.
    await items().first().hover();
    await items().first().locator('.anticon-eye').click();
    const big = page.locator('.ant-image-preview-img').filter({ visible: true });
    await big.waitFor();
    expect(await big.getAttribute('src')).toMatch(/^\/api\/v1\/media\/\d+\/original\?v=[0-9a-f]{16}$/);
    await viewportShot(page, 'console-image-upload-preview');
    // Esc closes the preview only: the drawer with the goods form stays open, wherever the focus is (CI once
    // had the focus still in the drawer when Esc came, and the drawer closed with the operator's edits).
    await page.locator('.ant-drawer-open input#name').evaluate((el) => (el as HTMLInputElement).focus());
    await page.keyboard.press('Escape');
    await big.waitFor({ state: 'hidden' });
    await page.waitForTimeout(500);
    expect(await page.locator('.ant-drawer-open').filter({ visible: true }).count()).toBe(1);
    expect(await order()).toEqual([first, second]);

    // Text named .png: the server decides by the bytes and says why, in words.
    await field()
      .locator('input[type=file]')
      .setInputFiles([
        { name: '假图片.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all'.repeat(10)) },
      ]);
    await page.locator('.ant-message').getByText('假图片.png：仅支持 JPG、PNG、WebP 图片').waitFor();
    await field().locator('.ant-upload-list-item-error').waitFor();
    expect(await order()).toEqual([first, second]);
    await viewportShot(page, 'console-image-upload-error');
  });
});
