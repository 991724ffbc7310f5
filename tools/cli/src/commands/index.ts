import { Command } from '../command';

/** A command as the help lists it; its module (and what that module imports) is loaded only to run it. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Command;
}

// `nhsp compute` spent a tenth of its start loading the other commands' modules (generate's
// models, explain's board answers, the workbook writer). The summaries are the commands' own
// (commands.spec.ts checks that each entry names the command its module holds).
/* eslint-disable @typescript-eslint/no-require-imports */
/** Every command of the CLI, in the order the help lists them. */
export const commands: CommandEntry[] = [
  {
    name: 'compute',
    summary: 'compute estimates, aggregates, contributions and benchmarks for a period from a bundle',
    load: () => (require('./compute') as typeof import('./compute')).computeCommand,
  },
  {
    name: 'explain',
    summary: "explain what moved a trust's productivity growth for a period",
    load: () => (require('./explain') as typeof import('./explain')).explainCommand,
  },
  {
    name: 'pack',
    summary: "write one trust's opportunity pack as an XLSX workbook",
    load: () => (require('./pack') as typeof import('./pack')).packCommand,
  },
  {
    name: 'sensitivity',
    summary: 'how far each trust number moves under alternative method settings',
    load: () => (require('./sensitivity') as typeof import('./sensitivity')).sensitivityCommand,
  },
  {
    name: 'generate',
    summary: 'write a realistic synthetic bundle (deterministic for a seed), aggregated or record-level',
    load: () => (require('./generate') as typeof import('./generate')).generateCommand,
  },
  {
    name: 'failed-jobs',
    summary: "list, show or re-drive jobs that failed permanently (each service's /ops/failed-jobs)",
    load: () => (require('./failed-jobs') as typeof import('./failed-jobs')).failedJobsCommand,
  },
];
