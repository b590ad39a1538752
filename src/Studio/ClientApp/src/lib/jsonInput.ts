// What the JSON editor of an input makes of its text: nothing (unset), a template string, or a JSON literal.
import type { Json } from '../api/types';

export type JsonInput = { ok: true; value: Json | undefined } | { ok: false; error: string };

export function parseJsonInput(text: string): JsonInput {
  if (text.trim() === '') return { ok: true, value: undefined };
  // `{{ expr }}` is a template (kept as a string); `{` or `[` without a second brace starts a JSON literal.
  if (text.includes('{{') && !/^\s*(\[|\{(?!\{))/.test(text)) return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (e) {
    return { ok: false, error: `Not JSON: ${(e as Error).message}` };
  }
}
