// A rejected file answers HTTP 422 with every issue located (file, line, column, value, reason);
// on the message path the same issues fail the job without retries (the file will not change).
import { HttpStatus } from '@nestjs/common';
import { PermanentJobError } from '@nhsp/queue';
import { BadFileError, formatIssues } from '@nhsp/data-contract';
import { ProblemException } from '../problem-details';

export const BAD_FILE_PROBLEM = 'urn:nhsp:problem:bad-file';

export function badFileProblem(error: BadFileError): ProblemException {
  return new ProblemException({
    type: BAD_FILE_PROBLEM,
    title: 'File rejected',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    detail: `${error.file}: ${error.issueCount} issue(s); nothing was stored`,
    // Issues are not field paths, so they travel as an extension member named `errors`.
    extensions: {
      errors: error.issues.map(({ file, line, column, value, reason }) => ({ file, line, column, value, reason })),
    },
  });
}

export function badFileJobError(error: BadFileError): PermanentJobError {
  return new PermanentJobError(`${error.file} rejected, nothing stored:\n${formatIssues(error.issues, error.issueCount)}`);
}

/** Runs a load, turning a rejected file into the HTTP problem. */
export async function rejectBadFileAsProblem<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof BadFileError) throw badFileProblem(error);
    throw error;
  }
}
