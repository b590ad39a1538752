import { useEffect, useRef, useState } from 'react';
import type { InputDescriptor, Json } from '../api/types';
import { parseJsonInput } from '../lib/jsonInput';
import { insertExpression, isTemplate, parseTemplate } from '../lib/template';

export interface PickerOption { expression: string; label: string }

/** A typed editor for one input, chosen by the descriptor's ui hint. Templates get a picker of upstream values. */
export function ValueEditor({ input, value, onChange, picker }: {
  input: InputDescriptor;
  value: Json | undefined;
  onChange: (value: Json | undefined) => void;
  picker: PickerOption[];
}) {
  const testId = `input-${input.name}`;
  const placeholder = input.default !== undefined && input.default !== null ? `default: ${JSON.stringify(input.default)}` : input.required ? 'required' : '';
  switch (input.uiHint) {
    case 'checkbox':
      return (
        <select data-testid={testId} value={value === undefined ? '' : String(value)}
          onChange={e => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}>
          <option value="">{placeholder || '(unset)'}</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      );
    case 'select':
      return (
        <select data-testid={testId} value={typeof value === 'string' ? value : ''} onChange={e => onChange(e.target.value || undefined)}>
          <option value="">{placeholder || '(unset)'}</option>
          {(input.options ?? []).map(o => <option key={o} value={o}>{o}</option>)}
        </select>
      );
    case 'number':
      return <NumberEditor testId={testId} value={value} onChange={onChange} placeholder={placeholder} picker={picker} />;
    case 'json':
      return <JsonEditor testId={testId} value={value} onChange={onChange} placeholder={placeholder} picker={picker} />;
    default:
      return <TemplateEditor testId={testId} value={typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)}
        multiline={input.uiHint === 'multiline' || input.uiHint === 'code'} onChange={v => onChange(v === '' ? undefined : v)}
        placeholder={placeholder} picker={picker} />;
  }
}

function NumberEditor({ testId, value, onChange, placeholder, picker }: { testId: string; value: Json | undefined; onChange: (v: Json | undefined) => void; placeholder: string; picker: PickerOption[] }) {
  if (isTemplate(value)) return <TemplateEditor testId={testId} value={value} onChange={v => onChange(v === '' ? undefined : v)} placeholder={placeholder} picker={picker} />;
  return <input type="number" data-testid={testId} value={typeof value === 'number' ? value : ''} placeholder={placeholder}
    onChange={e => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />;
}

/** JSON literal or a template string; the text is kept while it does not parse, and the error shown. */
function JsonEditor({ testId, value, onChange, placeholder, picker }: { testId: string; value: Json | undefined; onChange: (v: Json | undefined) => void; placeholder: string; picker: PickerOption[] }) {
  const initial = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string>();
  const last = useRef(initial);
  useEffect(() => { if (initial !== last.current) { setText(initial); last.current = initial; } }, [initial]);
  const commit = (t: string) => {
    setText(t);
    last.current = t;
    const parsed = parseJsonInput(t);
    if (!parsed.ok) { setError(parsed.error); return; }
    setError(undefined);
    if (parsed.value !== undefined && typeof parsed.value !== 'string') last.current = JSON.stringify(parsed.value, null, 2);
    onChange(parsed.value);
  };
  return (
    <>
      <TemplateEditor testId={testId} value={text} multiline onChange={commit} placeholder={placeholder} picker={picker} />
      {error && <div className="field-error">{error}</div>}
    </>
  );
}

export function TemplateEditor({ testId, value, onChange, multiline, placeholder, picker }: {
  testId: string; value: string; onChange: (v: string) => void; multiline?: boolean; placeholder?: string; picker: PickerOption[];
}) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [open, setOpen] = useState(false);
  const parse = value.includes('{{') ? parseTemplate(value) : undefined;
  const pick = (expression: string) => {
    const caret = ref.current?.selectionStart ?? value.length;
    onChange(insertExpression(value, caret, expression).text);
    setOpen(false);
  };
  const props = { ref, 'data-testid': testId, value, placeholder, onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    className: parse ? 'has-template' : undefined };
  return (
    <div className="template-editor">
      {multiline ? <textarea rows={3} {...props} /> : <input {...props} />}
      <button type="button" className="picker-button" title="Insert a value from upstream nodes, inputs or variables"
        data-testid={`${testId}-picker`} onClick={() => setOpen(o => !o)}>{'{{ }}'}</button>
      {open && (
        <div className="picker" data-testid={`${testId}-picker-list`}>
          {picker.length === 0 && <div className="muted">Nothing upstream yet: connect a node before this one.</div>}
          {picker.map(o => (
            <button type="button" key={o.expression} onClick={() => pick(o.expression)} data-testid={`pick-${o.expression}`}>
              <code>{o.expression}</code> <span className="muted">{o.label}</span>
            </button>
          ))}
        </div>
      )}
      {parse?.error && <div className="field-error">{parse.error.message}</div>}
    </div>
  );
}
