/**
 * The text to show in a JSON field when its value changes: the user's own text while it still means the same value (so
 * typing is not reformatted under the caret), else the new value's text (an undo, a restore).
 */
export function keepTextIfSame(text: string, serialized: string): string {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(JSON.parse(serialized)) ? text : serialized;
  } catch {
    return serialized;
  }
}
