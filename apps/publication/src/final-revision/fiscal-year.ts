// A financial year as the final-revision routes write it: `2024-25` in a path (a slash cannot
// be), `2024/25` in answers; April to March.
import { DomainError, FinancialYear } from '@nhsp/domain';
import { badRequest } from '../representation';

export function parseYearParam(raw: string): FinancialYear {
  try {
    return FinancialYear.parse(raw.replace('-', '/'));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw badRequest(`financial year must be written like 2024-25 (April 2024 to March 2025), got "${raw}"`, 'fy');
  }
}

export function yearOfPeriod(period: string): FinancialYear {
  const [year, month] = period.split('-').map(Number);
  return FinancialYear.of(month >= 4 ? year : year - 1);
}

export const periodsOf = (year: FinancialYear): string[] => year.months.map(String);
