import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD } from '../server/demo/seed.ts';

export interface TimelineFigures {
  /** From the data's arrival to the first frame showing the chart (performance.measure 'timeline:render'). */
  firstRenderMs: number;
  /** The timeline.get call as the browser saw it, data transfer included. */
  dataMs: number;
  scroll: FrameFigures;
  zoom: { toYearMs: number; toWeekMs: number };
}

interface FrameFigures {
  frames: number;
  /** Frames over 1.5 × 16.7 ms: a frame the screen had to skip. */
  dropped: number;
  longestMs: number;
}

/**
 * Opens the timeline of the large project in headless Chromium and reads the page's own
 * performance marks, then scrolls it for a second and counts long frames. Null without Chromium.
 */
export async function measureTimeline(baseUrl: string, projectId: number): Promise<TimelineFigures | null> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return null;
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await (await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(60_000);
    await page.goto('/login');
    await page.getByLabel('Email', { exact: true }).fill('coordinator.vioit@lienket.demo');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL(/\/projects$/);

    await page.goto(`/projects/${projectId}/timeline`);
    await page.waitForFunction(() => performance.getEntriesByName('timeline:render').length > 0);
    const firstRenderMs = await page.evaluate(() => performance.getEntriesByName('timeline:render')[0]!.duration);
    const dataMs = await page.evaluate(() => {
      const call = performance.getEntriesByType('resource').find((r) => r.name.includes('timeline.get'));
      return call ? call.duration : -1;
    });

    const scroll = await page.evaluate(async (): Promise<FrameFigures> => {
      const box = document.querySelector('.gantt')!;
      const frames: number[] = [];
      let last = performance.now();
      for (let step = 0; step < 60; step++) {
        box.scrollTop += 400;
        box.scrollLeft += 40;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      return { frames: frames.length, dropped: frames.filter((f) => f > 25).length, longestMs: Math.max(...frames) };
    });

    const zoomTo = async (label: RegExp) => {
      const started = await page.evaluate(() => performance.now());
      await page.getByRole('group', { name: /Thang thời gian|Zoom/ }).getByRole('button', { name: label, exact: false }).click();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      return (await page.evaluate(() => performance.now())) - started;
    };
    const toYearMs = await zoomTo(/Năm|Year/);
    const toWeekMs = await zoomTo(/Tuần|Week/);
    return { firstRenderMs, dataMs, scroll, zoom: { toYearMs, toWeekMs } };
  } finally {
    await browser.close();
  }
}
