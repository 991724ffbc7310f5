// A tiny check recorder for the browser script: every check is named, a failure does not stop
// the others, and the run ends with "N passed, N failed".
export class Checks {
  passed = 0;
  failed: string[] = [];

  ok(name: string, condition: boolean, detail = ''): void {
    if (condition) {
      this.passed++;
      console.log(`  ok    ${name}`);
    } else {
      this.failed.push(name);
      console.log(`  FAIL  ${name}${detail ? `\n        ${detail}` : ''}`);
    }
  }

  equal(name: string, actual: unknown, expected: unknown): void {
    const same = JSON.stringify(actual) === JSON.stringify(expected);
    this.ok(name, same, same ? '' : `expected ${JSON.stringify(expected)}\n        actual   ${JSON.stringify(actual)}`);
  }

  async run(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.ok(name, false, (error as Error).stack ?? String(error));
    }
  }

  summary(): string {
    return `${this.passed} passed, ${this.failed.length} failed`;
  }
}
