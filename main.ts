import { writeTerragruntTree } from './backend/terragrunt-writer';
import { ENVIRONMENTS, platform } from './environments';
import { buildPlatform, exitOnConfigurationErrors } from './modules/app';

// Composition root: validate, build every stack, synthesize, then the Terragrunt tree over the synthesized stacks.
exitOnConfigurationErrors(() => {
  const { app } = buildPlatform(platform, ENVIRONMENTS);
  app.synth();
  writeTerragruntTree(app.outdir, platform, ENVIRONMENTS);
});
