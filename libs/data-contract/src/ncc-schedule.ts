import { NccScheduleRow, normaliseCurrency } from '@nhsp/domain';
import { ColumnSpec, ReadOptions, ReadResult, finish, readCsv } from './csv/reader';
import { detach } from './csv/detach';
import { CsvSource } from './csv/source';
import { fromDomain, memo, scheduleNumber } from './csv/values';

/** The NCC national schedule in its published layout (`cost_weights.csv` in a bundle). */
export const NCC_SCHEDULE_COLUMNS: ColumnSpec = {
  required: ['Service Code', 'Dept or Currency Code', 'Dept or Currency Desc', 'Activity', 'Cost'],
  // Unit cost is Cost / Activity rounded, which the methodology does not use.
  optional: ['Unit cost'],
};

const serviceCode = memo((raw: string) => raw.trim());
const currency = fromDomain(normaliseCurrency);

/**
 * An NCC national schedule: one row per published row, codes trimmed (currencies upper-case),
 * descriptions trimmed, empty numbers null. Rows are not summed: the methodology sums them.
 */
export async function readNccSchedule(source: CsvSource, options: ReadOptions = {}): Promise<ReadResult<NccScheduleRow>> {
  const rows: NccScheduleRow[] = [];
  const pass = await readCsv(source, 'cost_weights.csv', NCC_SCHEDULE_COLUMNS, options, (row) => {
    const service = row.parse('Service Code', serviceCode);
    const code = row.parse('Dept or Currency Code', currency);
    const activity = row.parseOptional('Activity', scheduleNumber);
    const unitCost = row.parseOptional('Unit cost', scheduleNumber);
    const cost = row.parseOptional('Cost', scheduleNumber);
    if (!row.ok || !row.wanted) return;
    rows.push({
      serviceCode: service!,
      currency: code!,
      description: detach(row.raw('Dept or Currency Desc').trim()),
      activity: activity!,
      unitCost: unitCost!,
      cost: cost!,
    });
  });
  return finish(pass, rows);
}
