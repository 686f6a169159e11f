import { createSignal, onCleanup } from 'solid-js';
import { MAX_RESCHEDULE_MOVES } from '../../../../shared/limits.ts';
import type { TaskDates } from './timeline-data.ts';

/** How long after the last drop or key press the waiting moves are sent together. */
export const SAVE_DELAY_MS = 1000;

export interface QueuedMove<Task> {
  task: Task;
  dates: TaskDates;
  /** The task's version the person saw when moving it: a change they did not see must CONFLICT, not be overwritten. */
  version: number;
}

/**
 * Moves of bars waiting to be saved. Each is drawn at once by the page; they are sent together,
 * one all-or-nothing request, once the person has paused for SAVE_DELAY_MS with no drag in progress.
 *
 * Why saving by itself rather than a "Save N changes" bar: on a Gantt the drop is the decision (as
 * in the planning tools people already know), a save button forgotten before closing the tab loses
 * work, and the pause still groups a run of drags or arrow presses into one request. The page shows
 * how many moves are waiting, and leaving it sends them at once.
 */
export function createMoveQueue<Task extends { id: number }>(send: (moves: QueuedMove<Task>[]) => Promise<void>) {
  const waiting = new Map<number, QueuedMove<Task>>();
  let sending = 0;
  let held = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const [count, setCount] = createSignal(0);
  const recount = () => setCount(waiting.size + sending);

  async function flush() {
    clearTimeout(timer);
    timer = undefined;
    // One request at a time: the next one needs the versions this one returns.
    if (sending > 0 || waiting.size === 0) return;
    const batch = [...waiting.values()].slice(0, MAX_RESCHEDULE_MOVES);
    for (const move of batch) waiting.delete(move.task.id);
    sending = batch.length;
    recount();
    try {
      await send(batch);
    } finally {
      sending = 0;
      recount();
      if (waiting.size > 0) schedule(0);
    }
  }

  function schedule(delay = SAVE_DELAY_MS) {
    clearTimeout(timer);
    timer = held ? undefined : setTimeout(() => void flush(), delay);
  }

  // Leaving the page sends what is waiting rather than dropping it.
  onCleanup(() => void flush());

  return {
    /** Moves waiting or being sent, for the page to say so. */
    count,
    add(task: Task, dates: TaskDates, version: number) {
      waiting.set(task.id, { task, dates, version });
      recount();
      schedule();
    },
    /**
     * An earlier move of this task was saved as `version`: a move made meanwhile builds on it.
     * Returns that later move's dates, if there is one.
     */
    saved(taskId: number, version: number): TaskDates | undefined {
      const later = waiting.get(taskId);
      if (later) later.version = version;
      return later?.dates;
    },
    /** Forgets the waiting move of this task (its earlier move was refused). */
    drop(taskId: number) {
      waiting.delete(taskId);
      recount();
    },
    /** No sending while a drag is in progress: its drop joins the same request. */
    hold(on: boolean) {
      held = on;
      if (!on && waiting.size > 0) schedule();
      else if (on) clearTimeout(timer);
    },
    flush,
  };
}
