import { Command } from '../command';
import { computeCommand } from './compute';
import { explainCommand } from './explain';
import { failedJobsCommand } from './failed-jobs';
import { generateCommand } from './generate';
import { packCommand } from './pack';
import { sensitivityCommand } from './sensitivity';

/** Every command of the CLI, in the order the help lists them. */
export const commands: Command[] = [computeCommand, explainCommand, packCommand, sensitivityCommand, generateCommand, failedJobsCommand];
