/**
 * One regular expression from several, source after source (no flags): a long expected message stays one exact
 * pattern while each line of the test stays within the 120-character limit.
 */
export const joinedRegExp = (...parts: RegExp[]): RegExp => new RegExp(parts.map(p => p.source).join(''));
