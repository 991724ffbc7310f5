'use strict';
// Worker thread entry: scans one line-aligned byte range of activity_records.csv. First pass:
// counts and sums per distinct tuple of cell values (see protocol.ts). Second pass, only when
// the main thread found bad values: the bad rows' issues with their lines, up to a limit.
const { parentPort, workerData } = require('node:worker_threads');
const { TupleTable } = require('./byte-tables');
const { LOS, RangeScanner, SLOTS, Unusual } = require('./range-scanner');

const scanner = new RangeScanner(workerData);
const width = workerData.width;

function aggregate() {
  const tuples = new TupleTable();
  const { ids, plainLos } = scanner;
  let records = 0;
  let misshapen = 0;
  const lines = scanner.scan({
    record(_line, fieldCount) {
      records++;
      if (fieldCount !== width) {
        misshapen++;
        return true;
      }
      const los = ids[LOS];
      let oddLos = 0;
      let days = -1;
      if (los >= 0) {
        const plain = plainLos[los];
        if (plain >= 0) days = plain;
        else oddLos = los + 1;
      }
      tuples.add(ids[0], ids[1], ids[2], ids[3], oddLos, days);
      return true;
    },
  });
  const table = tuples.export();
  return {
    type: 'scanned',
    lines,
    records,
    misshapen,
    values: scanner.dictionaries.map((dictionary) => dictionary.values),
    plainLos,
    tuples: table,
    transfer: [table.keys.buffer, table.count.buffer, table.days.buffer, table.daysRows.buffer],
  };
}

/** `bad[slot][id]` is 1 for a cell value the main thread judged bad. */
function findIssues(bad, limit) {
  const { ids, dictionaries } = scanner;
  const issues = [];
  scanner.scan({
    record(line, fieldCount, buf, lineStart, lineEnd) {
      if (fieldCount !== width) {
        issues.push({ line, slot: -1, fieldCount, value: buf.toString('utf8', lineStart, lineEnd) });
      } else {
        for (let slot = 0; slot < SLOTS.length; slot++) {
          const id = ids[slot];
          if (id >= 0 && bad[slot][id] === 1) issues.push({ line, slot, fieldCount, value: dictionaries[slot].values[id] });
        }
      }
      return issues.length < limit;
    },
  });
  return { type: 'issues', issues };
}

function run(task) {
  try {
    const result = task();
    const { transfer = [], ...message } = result;
    parentPort.postMessage(message, transfer);
  } catch (error) {
    if (!(error instanceof Unusual)) throw error;
    parentPort.postMessage({ type: 'unusual', line: error.line, reason: error.message });
  }
}

parentPort.on('message', (message) => {
  if (message.type === 'issues') run(() => findIssues(message.bad, message.limit));
  else parentPort.close();
});
run(aggregate);
