import { describe, expect, it } from 'vitest';
import { parseJsonInput } from './jsonInput';

describe('parseJsonInput', () => {
  it('parseJsonInput_Empty_IsUnset', () => {
    expect(parseJsonInput('  ')).toEqual({ ok: true, value: undefined });
  });
  it('parseJsonInput_TemplateStartingWithBraces_StaysATemplateString', () => {
    expect(parseJsonInput('{{ nodes.chunk.output.chunks }}')).toEqual({ ok: true, value: '{{ nodes.chunk.output.chunks }}' });
  });
  it('parseJsonInput_ObjectWithATemplateInside_IsJson', () => {
    expect(parseJsonInput('{ "a": "{{ input.x }}" }')).toEqual({ ok: true, value: { a: '{{ input.x }}' } });
  });
  it('parseJsonInput_BrokenJson_IsAnError', () => {
    const result = parseJsonInput('[1, 2');
    expect(result.ok).toBe(false);
  });
  it('parseJsonInput_Literals_AreParsed', () => {
    expect(parseJsonInput('42')).toEqual({ ok: true, value: 42 });
    expect(parseJsonInput('"text"')).toEqual({ ok: true, value: 'text' });
  });
});

import { keepTextIfSame } from './sameJson';

describe('keepTextIfSame', () => {
  it('keepTextIfSame_SameValueDifferentFormatting_KeepsTheUsersText', () => {
    expect(keepTextIfSame('[ {"a":1} ]', '[\n  {\n    "a": 1\n  }\n]')).toBe('[ {"a":1} ]');
  });
  it('keepTextIfSame_ValueChangedElsewhere_ShowsTheNewValue', () => {
    expect(keepTextIfSame('[1]', '[2]')).toBe('[2]');
    expect(keepTextIfSame('[1', '[2]')).toBe('[2]');
  });
});
