import { Command } from '../command';
import { generateCommand } from './generate';
import { computeCommand } from './compute';

/** Every command of the CLI, in the order the help lists them. */
export const commands: Command[] = [computeCommand, generateCommand];
