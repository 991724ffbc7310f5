import { DEFAULT_SETTINGS, requestedSettings, requestedSettingsSchema, resolveSettings } from './settings';

describe('method settings', () => {
  it('fills every setting not given with its default, nested thresholds included', () => {
    const settings = resolveSettings({ workingDays: 'on', thresholds: { podShift: 0.1 } });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, workingDays: 'on', thresholds: { ...DEFAULT_SETTINGS.thresholds, podShift: 0.1 } });
    expect(DEFAULT_SETTINGS).toMatchObject({ equalisation: 'opproc-dc', target: 0.02, indexBase: '2019/20', clinicalSuppliesSaving: 0.03, thresholds: { unstableBand: 0.02 } });
    // A fresh list each time: a caller changing its settings changes no one else's.
    resolveSettings().excludedCategories.push('pay_bank');
    expect(resolveSettings().excludedCategories).toEqual(['depreciation', 'pfi_capital_charges', 'exceptional']);
  });

  it('refuses a bad value or an unknown setting, naming it', () => {
    expect(() => resolveSettings({ equalisation: 'sideways' } as never)).toThrow(/invalid settings: equalisation: /);
    expect(() => resolveSettings({ indexBase: '2019/21' })).toThrow(/indexBase: a financial year such as 2019\/20/);
    expect(() => resolveSettings({ excludedCategories: ['pay_bank', 'snacks'] } as never)).toThrow(/excludedCategories\.1/);
    expect(() => resolveSettings({ thresholds: { outlier: -0.1 } })).toThrow(/thresholds\.outlier/);
    expect(() => resolveSettings({ equalization: 'none' } as never)).toThrow(/equalization/);
  });

  it('lets a run request set everything but the deflator series, which comes from the run\'s inputs', () => {
    expect(requestedSettingsSchema.safeParse({ deflatorSeries: 'other' }).success).toBe(false);
    const requested = requestedSettings(resolveSettings({ target: 0.03 }));
    expect(requested).not.toHaveProperty('deflatorSeries');
    expect(resolveSettings(requested)).toEqual(resolveSettings({ target: 0.03 }));
  });
});
