/** One cell of the fault matrix: how a call ended. */
export interface MatrixResult {
  outcome: string;
  attempts: number;
  ms: number;
}

/** `results.get(transport).get(caseName).get(endpoint)` */
export type MatrixResults = Map<string, Map<string, Map<string, MatrixResult>>>;

export function recordResult(results: MatrixResults, transport: string, caseName: string, endpoint: string, result: MatrixResult): void {
  let byCase = results.get(transport);
  if (!byCase) results.set(transport, (byCase = new Map()));
  let byEndpoint = byCase.get(caseName);
  if (!byEndpoint) byCase.set(caseName, (byEndpoint = new Map()));
  byEndpoint.set(endpoint, result);
}

/** One markdown table per transport: case × endpoint → outcome, attempts, milliseconds. */
export function formatMatrix(results: MatrixResults, caseNames: string[], endpoints: string[], settings: string): string {
  const out: string[] = [`\n## Fault matrix (${settings})\n`];
  for (const [transport, byCase] of results) {
    out.push(`\n### ${transport}\n`);
    out.push(`| case | ${endpoints.map((endpoint) => `${endpoint}: outcome | attempts | ms`).join(' | ')} |`);
    out.push(`| --- | ${endpoints.map(() => '--- | ---: | ---:').join(' | ')} |`);
    for (const name of caseNames) {
      const cells = endpoints.map((endpoint) => {
        const result = byCase.get(name)?.get(endpoint);
        return result ? `${result.outcome} | ${result.attempts} | ${Math.round(result.ms)}` : 'not run | | ';
      });
      out.push(`| ${name} | ${cells.join(' | ')} |`);
    }
  }
  return `${out.join('\n')}\n\n`;
}
