/**
 * Text as search compares it: no diacritics, no case, single spaces. Vietnamese "đ" is a letter
 * of its own rather than d with a mark, so NFD leaves it whole: it is mapped by hand.
 * Shared so the client filters (mention autocomplete) exactly as the server searches.
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
