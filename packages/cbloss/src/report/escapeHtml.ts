/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " '` become entities.
 * Every piece of user-controlled text in a report (class names come from user folders, option values
 * from the command line) goes through this before it reaches the page.
 *
 * @example
 * escapeHtml(`<cat & "dog">`); // '&lt;cat &amp; &quot;dog&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
