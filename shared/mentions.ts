/**
 * A mention is stored in the comment as `@[Display Name](user:42)`: the id says who is meant, so a
 * name with spaces or diacritics, or two people with one name, is never ambiguous, and the name keeps
 * the raw text readable. The server renders it as a styled "@Display Name" (server/markdown.ts).
 */
export const MENTION_PATTERN = /@\[([^\][\n]{1,200})\]\(user:([1-9]\d{0,9})\)/g;

/** The text to insert for a person; brackets in the name are dropped so the token stays whole. */
export function mentionToken(displayName: string, userId: number): string {
  const name = displayName.replace(/[[\]\n]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  return `@[${name}](user:${userId})`;
}

/** The ids of the people a comment mentions, each once, in order of first mention. */
export function mentionedUserIds(body: string): number[] {
  const ids = [...body.matchAll(MENTION_PATTERN)].map((m) => Number(m[2]));
  return [...new Set(ids)];
}
