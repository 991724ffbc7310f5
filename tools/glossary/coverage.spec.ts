// Every figure the output files publish has a glossary entry: the data contract's headers (the
// columns compute writes and the API serves) against @nhsp/board-answers' glossary. Here, in a
// tool, because the board answers may not import the data contract (layers).
import { glossaryEntry } from '@nhsp/board-answers';
import {
  AGGREGATES_HEADER,
  BENCHMARKS_HEADER,
  CONTRIBUTIONS_HEADER,
  ESTIMATES_HEADER,
  INDEX_HEADER,
  INDICATORS_HEADER,
  OPPORTUNITIES_HEADER,
  STABILITY_HEADER,
  TARGETS_HEADER,
} from '@nhsp/data-contract';

/** Columns that say which row it is (or hold codes the glossary lists under their own kind), not a figure. */
const KEYS = ['org_code', 'name', 'sector', 'peer_group', 'period', 'level', 'group', 'year', 'vintage', 'flags', 'side', 'component', 'metric', 'dimension', 'benchmark_group', 'unit', 'missing', 'indicator', 'window', 'change_kind'];

describe('glossary coverage of the published files', () => {
  it('has a published-figure entry for every figure column of every output file', () => {
    const headers = { ESTIMATES_HEADER, AGGREGATES_HEADER, CONTRIBUTIONS_HEADER, BENCHMARKS_HEADER, TARGETS_HEADER, INDEX_HEADER, STABILITY_HEADER, OPPORTUNITIES_HEADER, INDICATORS_HEADER };
    const figures = Object.entries(headers).flatMap(([file, columns]) => columns.filter((c) => !KEYS.includes(c)).map((column) => ({ file, column })));
    expect(figures.length).toBeGreaterThan(30);
    expect(figures.filter((f) => !glossaryEntry('measure', f.column))).toEqual([]);
  });
});
