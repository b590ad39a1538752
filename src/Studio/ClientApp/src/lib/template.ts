// Template strings: literal text with `{{ expr }}` parts (docs/expressions.md). Studio parses them to show which parts are
// expressions, to catch an unclosed `{{` before the server does, and to offer upstream outputs in the picker.

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expression'; expression: string; start: number };

export interface TemplateParse {
  parts: TemplatePart[];
  /** Set when the template cannot be parsed: the message and the 0-based position it refers to. */
  error?: { message: string; position: number };
}

/**
 * Splits a template into text and expression parts. `}}` inside a quoted string does not close the expression
 * (`{{ '}}' }}`), as on the server.
 */
export function parseTemplate(template: string): TemplateParse {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('{{', i)) {
      const start = i;
      const end = findClose(template, i + 2);
      if (end < 0) return { parts, error: { message: `Unclosed '{{' at ${start}`, position: start } };
      if (text) { parts.push({ kind: 'text', text }); text = ''; }
      const expression = template.slice(i + 2, end).trim();
      if (!expression) return { parts, error: { message: `Empty expression at ${start}`, position: start } };
      parts.push({ kind: 'expression', expression, start });
      i = end + 2;
    } else {
      text += template[i];
      i++;
    }
  }
  if (text) parts.push({ kind: 'text', text });
  return { parts };
}

function findClose(template: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < template.length; i++) {
    const c = template[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
    } else if (c === '}' && template[i + 1] === '}') {
      return i;
    }
  }
  return -1;
}

/** Whether a value is a template with at least one expression (as opposed to a plain literal). */
export function isTemplate(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{{');
}

/** The `nodes.<id>` roots an expression reads, for checks that a referenced node exists upstream. */
export function referencedNodes(template: string): string[] {
  const found = new Set<string>();
  for (const part of parseTemplate(template).parts) {
    if (part.kind !== 'expression') continue;
    for (const match of part.expression.matchAll(/\bnodes\.([A-Za-z_][\w-]*)/g)) found.add(match[1]);
  }
  return [...found];
}

/** Inserts `{{ expression }}` into text at a caret position; returns the new text and where the caret goes. */
export function insertExpression(text: string, caret: number, expression: string): { text: string; caret: number } {
  const at = Math.max(0, Math.min(caret, text.length));
  const snippet = `{{ ${expression} }}`;
  return { text: text.slice(0, at) + snippet + text.slice(at), caret: at + snippet.length };
}
