import { appendFileSync, readFileSync } from 'fs';

// Opt-in measurement of where a jest run's CPU goes, per suite (not loaded by jest.config.js):
//   CPU_PROBE_LOG=/tmp/cpu.jsonl npx jest --setupFilesAfterEnv '<rootDir>/__tests__/stack-traces.ts' \
//     '<rootDir>/__tests__/cpu-probe.ts'
// Each suite appends one JSON line: `load` (s of the worker's CPU to load the suite's imports and collect its tests),
// `run` (its hooks and tests), `kids` (the CPU of the processes it started and waited for, from /proc/self/stat's
// cutime and cstime), and the worker's RSS in MB. A worker runs one suite at a time, so the deltas are the suite's.
const log = process.env.CPU_PROBE_LOG;

function children(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime and cstime, in clock ticks (USER_HZ 100)
}

function own(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

if (log !== undefined) {
  const [loading, kids] = [own(), children()];
  let running = 0;
  beforeAll(() => {
    running = own();
  });
  afterAll(() => {
    const suite = expect.getState().testPath?.replace(/.*__tests__\//, '');
    const line = {
      suite,
      load: +(running - loading).toFixed(2),
      run: +(own() - running).toFixed(2),
      kids: +(children() - kids).toFixed(2),
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
    };
    appendFileSync(log, `${JSON.stringify(line)}\n`);
  });
}
