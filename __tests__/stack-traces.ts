// cdktf records a creation stack for every token it makes (cdktf/lib/tokens/private/stack-trace.js:
// Error.captureStackTrace on a plain object, with no frame limit). Under jest, Error.prepareStackTrace is
// source-map-support's, which maps every frame through the inline source maps of cdktf's own files: measured, about a
// third of the CPU of a suite that builds constructs. Those stacks only appear in cdktf's own error messages, so a
// capture on a plain object keeps V8's format; the stack of an Error (a failing test's) is mapped as before.
const mapped = Error.prepareStackTrace;

function v8Format(target: unknown, frames: NodeJS.CallSite[]): string {
  return [String(target), ...frames.map(frame => `    at ${String(frame)}`)].join('\n');
}

if (mapped !== undefined) {
  Error.prepareStackTrace = (target, frames) =>
    Object.prototype.toString.call(target) === '[object Error]' ? mapped(target, frames) : v8Format(target, frames);
}
