import { describe, expect, it } from 'vitest';
import {
  emptyRuleForm, formatAlertValue, formatCount, formatMs, formatPercent, formatRate, niceCeiling, problemField, ruleBody, scaleBars,
  windowQuery,
} from './monitoring';

describe('windowQuery', () => {
  it('windowQuery_Presets_AskForTheServersWindowParameter', () => {
    expect(windowQuery({ choice: '1h' })).toEqual({ query: 'window=1h' });
    expect(windowQuery({ choice: '24h' })).toEqual({ query: 'window=1d' });
    expect(windowQuery({ choice: '7d' })).toEqual({ query: 'window=1w' });
  });

  it('windowQuery_CustomRange_SendsFromAndToAsUtc', () => {
    const from = '2026-03-01T08:00';
    const to = '2026-03-01T09:30';
    const result = windowQuery({ choice: 'custom', from, to });
    expect(result).toEqual({ query: new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() }).toString() });
    const params = new URLSearchParams((result as { query: string }).query);
    expect(new Date(params.get('to')!).getTime() - new Date(params.get('from')!).getTime()).toBe(90 * 60_000);
  });

  it('windowQuery_CustomWithoutEnd_SendsOnlyFrom', () => {
    const result = windowQuery({ choice: 'custom', from: '2026-03-01T08:00', to: '' }) as { query: string };
    expect([...new URLSearchParams(result.query).keys()]).toEqual(['from']);
  });

  it('windowQuery_CustomEndBeforeStartOrMissingStart_NamesTheField', () => {
    expect(windowQuery({ choice: 'custom', from: '2026-03-01T09:00', to: '2026-03-01T08:00' })).toMatchObject({ field: 'to' });
    expect(windowQuery({ choice: 'custom', from: '2026-03-01T09:00', to: '2026-03-01T09:00' })).toMatchObject({ field: 'to' });
    expect(windowQuery({ choice: 'custom', from: '', to: '2026-03-01T08:00' })).toMatchObject({ field: 'from' });
    expect(windowQuery({ choice: 'custom', from: 'not a date' })).toMatchObject({ field: 'from' });
  });
});

describe('formatting', () => {
  it('formatRate_FractionsAndAbsence_PercentWithOneDecimalOrDash', () => {
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(undefined)).toBe('—');
    expect(formatRate(null)).toBe('—');
  });

  it('formatMs_EachMagnitude_ReadableUnit', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(3.14159)).toBe('3.14 ms');
    expect(formatMs(366.666)).toBe('366.7 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(150_000)).toBe('2.5 min');
    expect(formatMs(5_400_000)).toBe('1.5 h');
    expect(formatMs(null)).toBe('—');
  });

  it('formatCount_Thousands_Separated', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
  });

  it('formatAlertValue_ByMetric_PercentDurationOrCount', () => {
    expect(formatAlertValue('failureRate', 50)).toBe('50%');
    expect(formatAlertValue('nodeSuccessRate', 33.3333)).toBe('33.33%');
    expect(formatAlertValue('p95Duration', 2000)).toBe('2 s');
    expect(formatAlertValue('suspendedFor', 600_000)).toBe('10 min');
    expect(formatAlertValue('queueStalled', 3)).toBe('3 waiting');
    expect(formatAlertValue('failureRate', undefined)).toBe('—');
    expect(formatPercent(10)).toBe('10%');
  });
});

describe('chart scaling', () => {
  it('niceCeiling_AnyValue_NextOneTwoOrFiveTimesAPowerOfTen', () => {
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(10)).toBe(10);
    expect(niceCeiling(11)).toBe(20);
    expect(niceCeiling(420)).toBe(500);
    expect(niceCeiling(0.03)).toBe(0.05);
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(Number.NaN)).toBe(1);
  });

  it('scaleBars_Values_ProportionalToTheRoundedMaximum', () => {
    const { max, lengths } = scaleBars([50, 100, undefined, 0], 200);
    expect(max).toBe(100);
    expect(lengths).toEqual([100, 200, 0, 0]);
  });

  it('scaleBars_FixedMaxAndTinyValues_ClampedAndVisible', () => {
    expect(scaleBars([1, 0.001, 2], 100, 1).lengths).toEqual([100, 1, 100]);
    expect(scaleBars([], 100)).toEqual({ max: 1, lengths: [] });
  });
});

describe('rule form', () => {
  it('ruleBody_BlankFieldsAndNumbers_LeftOutOrSentAsNumbers', () => {
    const body = ruleBody({ ...emptyRuleForm, id: ' pay-failing ', workflow: 'pay', threshold: '10', minRuns: '5', window: '1h' });
    expect(body).toEqual({ id: 'pay-failing', metric: 'failureRate', workflow: 'pay', window: '1h', threshold: 10, minRuns: 5 });
  });

  it('ruleBody_TextThresholdAndDisabled_SentAsTyped', () => {
    const body = ruleBody({ ...emptyRuleForm, id: 'slow', metric: 'p95Duration', threshold: '2s', enabled: false });
    expect(body).toEqual({ id: 'slow', metric: 'p95Duration', threshold: '2s', enabled: false });
    expect(ruleBody({ ...emptyRuleForm, id: 'x', threshold: 'lots' }).threshold).toBe('lots');
  });

  it('problemField_JsonPathsAndNames_TheFormField', () => {
    expect(problemField('$.threshold')).toBe('threshold');
    expect(problemField('threshold')).toBe('threshold');
    expect(problemField('$.id')).toBe('id');
    expect(problemField('$')).toBeUndefined();
    expect(problemField(undefined)).toBeUndefined();
  });
});
