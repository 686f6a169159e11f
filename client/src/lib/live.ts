import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { trpc } from './trpc.ts';

// Live updates: one SSE stream per project per tab (browsers allow ~6 connections per host), shared
// by every component that shows that project. The stream only says "something changed"; each screen
// fetches its own data again, so what it shows is always what the server would answer on reload.

/** Events of one change (often several audit events) come together: tell the screens once. */
const SETTLE_MS = 100;
/** Moving between pages of one project keeps its stream instead of closing and reopening it. */
const LINGER_MS = 5000;

interface ProjectStream {
  listeners: Set<() => void>;
  stop(): void;
  stopTimer: ReturnType<typeof setTimeout> | undefined;
}

const streams = new Map<number, ProjectStream>();

function open(projectId: number): ProjectStream {
  let settle: ReturnType<typeof setTimeout> | undefined;
  const stream: ProjectStream = { listeners: new Set(), stop: () => {}, stopTimer: undefined };
  const subscription = trpc.live.projectEvents.subscribe(
    { projectId },
    {
      onData: () => {
        settle ??= setTimeout(() => {
          settle = undefined;
          for (const listener of [...stream.listeners]) listener();
        }, SETTLE_MS);
      },
      // Refused (logged out, no longer a member): the screens show that on their next fetch. The link
      // itself reconnects after network errors and server restarts, resuming from the last event id.
      onError: () => {
        if (streams.get(projectId) === stream) streams.delete(projectId);
      },
    },
  );
  stream.stop = () => {
    clearTimeout(settle);
    subscription.unsubscribe();
  };
  return stream;
}

function acquire(projectId: number, listener: () => void): void {
  let stream = streams.get(projectId);
  if (!stream) {
    stream = open(projectId);
    streams.set(projectId, stream);
  }
  clearTimeout(stream.stopTimer);
  stream.stopTimer = undefined;
  stream.listeners.add(listener);
}

function release(projectId: number, listener: () => void): void {
  const stream = streams.get(projectId);
  if (!stream) return;
  stream.listeners.delete(listener);
  if (stream.listeners.size > 0) return;
  stream.stopTimer = setTimeout(() => {
    if (stream.listeners.size > 0) return;
    stream.stop();
    if (streams.get(projectId) === stream) streams.delete(projectId);
  }, LINGER_MS);
}

/**
 * Calls `changed` whenever someone (this person included) changes something in the project, for as
 * long as the calling component lives. Use it to refetch a screen's resources.
 * @example onProjectChange(() => props.projectId, () => void startTransition(() => void refetch()));
 */
export function onProjectChange(projectId: Accessor<number | null | undefined>, changed: () => void): void {
  createEffect(() => {
    const id = projectId();
    if (!id) return;
    const listener = () => changed();
    acquire(id, listener);
    onCleanup(() => release(id, listener));
  });
}

/** A counter that goes up on each change in the project: put it in a resource's source to refetch. */
export function useProjectRevision(projectId: Accessor<number | null | undefined>): Accessor<number> {
  const [revision, setRevision] = createSignal(0);
  onProjectChange(projectId, () => setRevision((n) => n + 1));
  return revision;
}
