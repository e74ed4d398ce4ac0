/**
 * The subset of `terraform show -json <planfile>` the renderer reads, after Terraform's documented JSON format
 * (developer.hashicorp.com/terraform/internals/json-format). Unknown keys are ignored (minor format versions only
 * add); an unknown major version is refused. `variables`, `prior_state` and `configuration` are never read except
 * to learn which variable values are sensitive, so that they can be scrubbed.
 */

/** A change representation: `resource_changes[].change`, `resource_drift[].change` and `output_changes.<name>`. */
export interface PlanChange {
  readonly actions: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly after_unknown?: unknown;
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
  readonly replace_paths?: readonly (readonly (string | number)[])[];
  readonly importing?: { readonly id?: string };
}

export interface ResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly mode?: 'managed' | 'data' | string;
  readonly type?: string;
  readonly deposed?: string;
  readonly action_reason?: string;
  readonly change: PlanChange;
}

export interface PlanJson {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes?: readonly ResourceChange[];
  readonly resource_drift?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, PlanChange>>;
  readonly errored?: boolean;
  readonly complete?: boolean;
  readonly variables?: Readonly<Record<string, { readonly value?: unknown }>>;
  readonly configuration?: unknown;
}

/** Plan format major versions this renderer reads (terraform-json accepts ">= 0.1, < 2.0"). */
export const SUPPORTED_FORMAT_MAJORS = [0, 1];

/** A plan file that cannot be rendered; the message names the file and what is wrong. */
export class PlanFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'PlanFileError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkChange(file: string, where: string, change: unknown): void {
  if (!isObject(change) || !Array.isArray(change.actions) || !change.actions.every(a => typeof a === 'string')) {
    throw new PlanFileError(
      file,
      `${where} has no "actions" list of strings; is this the output of terraform show -json?`,
    );
  }
}

function checkResourceList(file: string, key: string, list: unknown): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw new PlanFileError(file, `"${key}" must be a list, got ${typeof list}`);
  list.forEach((rc, i) => {
    if (!isObject(rc) || typeof rc.address !== 'string')
      throw new PlanFileError(file, `${key}[${i}] has no string "address"`);
    checkChange(file, `${key}[${i}] (${rc.address}).change`, rc.change);
  });
}

/** Parses and checks one plan file's text; throws {@link PlanFileError} naming `file`. */
export function parsePlanJson(text: string, file: string): PlanJson {
  if (text.trim() === '') throw new PlanFileError(file, 'the file is empty (did terraform show -json fail?)');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // only the position: V8's message quotes the text around the error, which may be a sensitive value
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new PlanFileError(file, `not valid JSON${at === undefined ? '' : ` (error at position ${at})`}`);
  }
  if (!isObject(data)) throw new PlanFileError(file, 'expected a JSON object (terraform show -json output)');
  const version = data.format_version;
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version)) {
    throw new PlanFileError(
      file,
      `no "format_version" such as "1.2" (got ${JSON.stringify(version)}); is this the output of terraform show -json?`,
    );
  }
  const major = Number(version.split('.')[0]);
  if (!SUPPORTED_FORMAT_MAJORS.includes(major)) {
    throw new PlanFileError(
      file,
      `unsupported format_version "${version}": this renderer reads ` +
        `${SUPPORTED_FORMAT_MAJORS.map(m => `${m}.x`).join(' and ')}`,
    );
  }
  checkResourceList(file, 'resource_changes', data.resource_changes);
  checkResourceList(file, 'resource_drift', data.resource_drift);
  if (data.output_changes !== undefined) {
    if (!isObject(data.output_changes)) throw new PlanFileError(file, '"output_changes" must be an object');
    for (const [name, change] of Object.entries(data.output_changes))
      checkChange(file, `output_changes.${name}`, change);
  }
  return data as unknown as PlanJson;
}
