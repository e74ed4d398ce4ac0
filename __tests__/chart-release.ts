/** An upstream chart as a helm_release names it: the Helm repository, the chart and its exact version. */
export interface ChartPin {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

/** The release installs exactly this chart, keeps its Helm state in `addon-releases`, and has the `more` fields. */
export function expectChartRelease(release: unknown, pin: ChartPin, more: Record<string, unknown> = {}): void {
  expect(release).toMatchObject({ ...pin, namespace: 'addon-releases', ...more });
}
