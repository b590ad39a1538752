import { describe, expect, it } from 'vitest';
import { insertExpression, isTemplate, parseTemplate, referencedNodes } from './template';

describe('parseTemplate', () => {
  it('parseTemplate_PlainText_IsOneTextPart', () => {
    expect(parseTemplate('hello')).toEqual({ parts: [{ kind: 'text', text: 'hello' }] });
  });
  it('parseTemplate_Mixed_SplitsTextAndTrimmedExpressions', () => {
    expect(parseTemplate('Hi {{ input.name }}, {{nodes.a.output}}!').parts).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'expression', expression: 'input.name', start: 3 },
      { kind: 'text', text: ', ' },
      { kind: 'expression', expression: 'nodes.a.output', start: 21 },
      { kind: 'text', text: '!' },
    ]);
  });
  it('parseTemplate_ClosingBracesInsideAString_DoNotCloseTheExpression', () => {
    const parsed = parseTemplate("{{ '}}' + \"}}\" }} tail");
    expect(parsed.error).toBeUndefined();
    expect(parsed.parts[0]).toEqual({ kind: 'expression', expression: "'}}' + \"}}\"", start: 0 });
  });
  it('parseTemplate_Unclosed_ReportsThePosition', () => {
    expect(parseTemplate('ab {{ input.x').error).toEqual({ message: "Unclosed '{{' at 3", position: 3 });
  });
  it('parseTemplate_EmptyExpression_IsAnError', () => {
    expect(parseTemplate('{{   }}').error?.message).toContain('Empty expression');
  });
  it('parseTemplate_EscapedQuoteInString_StaysInsideTheString', () => {
    expect(parseTemplate("{{ 'it\\'s }}' }}").error).toBeUndefined();
  });
});

describe('template helpers', () => {
  it('isTemplate_OnlyForStringsWithBraces', () => {
    expect(isTemplate('{{ x }}')).toBe(true);
    expect(isTemplate('x')).toBe(false);
    expect(isTemplate(3)).toBe(false);
  });
  it('referencedNodes_FindsEachNodeOnce', () => {
    expect(referencedNodes('{{ nodes.load.output.text }} {{ nodes.chunk.output.chunks.length + nodes.load.output.length }}')).toEqual(['load', 'chunk']);
  });
  it('insertExpression_AtTheCaret_WrapsInBracesAndMovesTheCaret', () => {
    expect(insertExpression('ab', 1, 'input.x')).toEqual({ text: 'a{{ input.x }}b', caret: 14 });
  });
});
