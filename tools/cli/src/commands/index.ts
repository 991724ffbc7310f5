import { Command } from '../command';

/** Every command of the CLI, in the order the help lists them. */
export const commands: Command[] = [];
