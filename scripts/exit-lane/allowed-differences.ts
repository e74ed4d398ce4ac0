/**
 * The only differences the move from cdktf 0.21 to CDK Terrain (cdktn) may make to the synthesized output
 * (`npm run exit-lane`). Any other difference fails the lane. Keep this list short and say why each one is harmless.
 */
export interface AllowedDifference {
  /** Output file, relative to the outdir. */
  readonly file: RegExp;
  /** Path inside the JSON file, as `jsonPath` writes it (e.g. `terraform.required_providers.aws.version`). */
  readonly path: RegExp;
  readonly reason: string;
}

const STACK_FILE = /^stacks\/[^/]+\/cdk\.tf\.json$/;

export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [
  {
    file: STACK_FILE,
    path: /^\["\/\/"\]\.metadata\.version$/,
    reason: 'the version of the core library that wrote the stack (cdktf 0.21.0, cdktn 0.24.0); Terraform ignores "//"',
  },
  {
    file: /^manifest\.json$/,
    path: /^version$/,
    reason: 'the version of the core library that wrote the manifest, read by the CLI only',
  },
  {
    file: STACK_FILE,
    path: /^terraform\.required_providers\.aws\.(version|source)$/,
    reason:
      '@cdktn/provider-aws 25.7.0 is generated from hashicorp/aws 6.66.0 (@cdktf/provider-aws 21.22.1: 6.25.0) and ' +
      'writes the source in full (hashicorp/aws), the address Terraform already resolves "aws" to',
  },
];
