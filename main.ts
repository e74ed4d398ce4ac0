import { ENVIRONMENTS, platform } from './environments';
import { buildPlatform } from './modules/app';

// Composition root: validate, build every stack, synthesize.
const { app } = buildPlatform(platform, ENVIRONMENTS);
app.synth();
