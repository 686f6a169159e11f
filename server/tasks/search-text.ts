import { toSearchText } from '../../shared/search-text.ts';

export { toSearchText };

/** What a task is found by: its title, description and deliverables. */
export function taskSearchText(task: { title: string; description: string; deliverables: string }): string {
  return toSearchText(`${task.title} ${task.description} ${task.deliverables}`);
}

/** A LIKE pattern that matches `term` anywhere, with LIKE's own wildcards escaped (escape char `\`). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
