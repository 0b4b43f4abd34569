/** The outcome of a pack's tests, as `fundcheck test --format json` prints it. */
export interface TestOutcome {
  passed: number;
  failed: number;
  cases: { file: string; name: string; passed: boolean; failures: string[] }[];
  coverage: {
    pack: string;
    digest: string;
    rules: TestCoveragePart;
    messages: TestCoveragePart;
    readings: TestCoveragePart;
  }[];
}

export interface TestCoveragePart {
  covered: number;
  total: number;
  missing: string[];
}

/**
 * Runs a pack's tests (one case, or `{case: [...]}`, in the shared vectors' format; rules/README.md,
 * "Testing a pack") against the embedded pack. `files` gives the text of each path a case names
 * (`document`, `calendar`); in Node, `runTestFile(path)` reads them for you.
 * @throws {Error} a suite that cannot be read as tests.
 */
export function runTests(suite: string | object, files?: Record<string, string> | null): TestOutcome;
