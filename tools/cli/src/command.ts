import { ParsedArgs } from './args';

/** A CLI command: its name, one line of help, its usage, and what it does. Returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: ParsedArgs): Promise<number>;
}
