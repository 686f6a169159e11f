/**
 * Screenshots of the Funding page's charts, its sources and disbursement editors and an import
 * preview with errors, in both languages on a desktop and a 360 px phone, for a person to look at.
 * Not a test: run it by hand.
 *
 * @example npx vite build && npx tsx test/e2e/funding-editors-screenshots.ts [/tmp/lienket-shots/funding]
 */
import { runScreenshots, SCREENSHOT_LOCALES, SCREENSHOT_WIDTHS, screenshotSession } from '../support/screenshots.ts';

/** A CSV with one good row and one whose unit cost is not a number and whose source is unknown. */
const BAD_CSV = [
  'Hạng mục,Nội dung,Số lượng,Đơn vị tính,Đơn giá (đồng),Nguồn kinh phí,Năm',
  '"Hội thảo, tọa đàm",Hội thảo tham vấn doanh nghiệp,1,Hội thảo,120.000.000,NS-QNAM,2026',
  '"Khảo sát, điều tra",Khảo sát bổ sung,2,Đợt,mười triệu,KHONG-CO,2026',
].join('\r\n');

await runScreenshots('/tmp/lienket-shots/funding', { settle: 300, fullPage: true }, async ({ server, browser, chuLai: projectId, shoot }) => {
  for (const locale of SCREENSHOT_LOCALES) {
    for (const width of SCREENSHOT_WIDTHS) {
      const { context, page } = await screenshotSession(browser, server, locale, width, 'approver.qn-doit@lienket.demo');
      await page.goto(`/projects/${projectId}/funding`);
      await page.locator('.funding-grid tbody tr').first().waitFor();
      await page.locator('.bar-chart canvas').first().waitFor();
      await shoot(page, '40-funding', locale, width);
      const sources = page.locator('section[aria-labelledby="sources-title"]');
      await shoot(page, '41-sources-chart', locale, width, { element: sources });
      await shoot(page, '42-categories-chart', locale, width, { element: page.locator('section[aria-labelledby="categories-title"]') });
      await shoot(page, '43-phase-year-charts', locale, width, { element: page.locator('section[aria-labelledby="phase-year-title"]') });

      await sources.locator('button[aria-label*="NS-QNAM"]').first().click();
      await page.locator('.source-form').waitFor();
      await shoot(page, '44-sources-editor', locale, width, { element: sources });

      const disbursements = page.locator('section[aria-labelledby="disbursements-title"]');
      await disbursements.locator('.disbursements-table .row-buttons button').first().click();
      await page.locator('.disbursement-edit').waitFor();
      await shoot(page, '45-disbursement-editor', locale, width, { element: disbursements });

      const spreadsheet = page.locator('section[aria-labelledby="spreadsheet-title"]');
      await page.locator('#import-file').setInputFiles({ name: 'du-toan-loi.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV, 'utf8') });
      await spreadsheet.locator('.import-form button[type="submit"]').click();
      await page.locator('.import-preview').waitFor();
      await shoot(page, '46-import-errors', locale, width, { element: spreadsheet });
      await context.close();
    }
  }
});
