/**
 * Text as search compares it: no diacritics, no case, single spaces. Vietnamese "đ" is a letter
 * of its own rather than d with a mark, so NFD leaves it whole: it is mapped by hand.
 * @example toSearchText('Cơ khí Đường') // 'co khi duong'
 */
export function toSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a task is found by: its title, description and deliverables. */
export function taskSearchText(task: { title: string; description: string; deliverables: string }): string {
  return toSearchText(`${task.title} ${task.description} ${task.deliverables}`);
}

/** A LIKE pattern that matches `term` anywhere, with LIKE's own wildcards escaped (escape char `\`). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
