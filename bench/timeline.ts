import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../server/demo/seed.ts';

export interface TimelineFigures {
  /** From the data's arrival to the first frame showing the chart (performance.measure 'timeline:render'). */
  firstRenderMs: number;
  /** The timeline.get call as the browser saw it, data transfer included. */
  dataMs: number;
  scroll: FrameFigures;
  zoom: { toYearMs: number; toWeekMs: number };
  drag: DragFigures;
}

interface DragFigures {
  moves: number;
  /** From a pointermove to the next animation frame, by when the bar must have moved: the median and the slowest. */
  medianMs: number;
  longestMs: number;
  /** Frames after a move that still showed the bar where it was (feedback later than one frame). */
  late: number;
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
    const drag = await measureDrag(page, projectId);
    return { firstRenderMs, dataMs, scroll, zoom: { toYearMs, toWeekMs }, drag };
  } finally {
    await browser.close();
  }
}

/**
 * Drags a bar with the real mouse (the page's own handlers, pointer capture included) and, for
 * each move, times the way from the pointermove to the next animation frame and checks the bar
 * had moved by then. The drag ends where it began, so nothing is saved.
 */
async function measureDrag(page: Page, projectId: number): Promise<DragFigures> {
  // Afresh, on today at the month zoom: the scroll test left the view far from any bar.
  await page.goto(`/projects/${projectId}/timeline`);
  const bar = page.locator('.gantt-bar').first();
  await bar.waitFor();
  const box = (await bar.locator('.gantt-bar-track').boundingBox())!;
  await page.evaluate(() => {
    const w = window as unknown as { dragLatency: { ms: number[]; late: number } };
    w.dragLatency = { ms: [], late: 0 };
    document.addEventListener(
      'pointermove',
      () => {
        const started = performance.now();
        const track = document.querySelector('.gantt-bar--dragging .gantt-bar-track');
        const before = track?.getAttribute('x');
        requestAnimationFrame(() => {
          const after = document.querySelector('.gantt-bar--dragging .gantt-bar-track')?.getAttribute('x');
          if (before !== undefined && after === before) w.dragLatency.late++;
          w.dragLatency.ms.push(performance.now() - started);
        });
      },
      { capture: true },
    );
  });
  const from = { x: box.x + Math.min(20, box.width / 3), y: box.y + box.height / 2 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  // Whole days at the month zoom (6 px a day), out and back.
  for (let step = 1; step <= 30; step++) {
    await page.mouse.move(from.x + step * 6, from.y);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  for (let step = 29; step >= 0; step--) await page.mouse.move(from.x + step * 6, from.y);
  await page.mouse.up();
  const { ms, late } = await page.evaluate(() => (window as unknown as { dragLatency: { ms: number[]; late: number } }).dragLatency);
  const sorted = [...ms].sort((a, b) => a - b);
  return { moves: ms.length, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0, longestMs: sorted.at(-1) ?? 0, late };
}
