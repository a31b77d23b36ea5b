// The only place that writes to the terminal. Data goes to stdout; progress, warnings and errors to stderr,
// so `--json` output stays clean.

export function out(text = ''): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function warn(text: string): void {
  process.stderr.write(`warning: ${text}\n`);
}

/** A progress line on stderr; silent when stderr is not a terminal unless DGPU_PROGRESS=1. */
export function progress(text: string): void {
  if (process.stderr.isTTY || process.env.DGPU_PROGRESS === '1') process.stderr.write(`… ${text}\n`);
}

const useColor = () => process.stdout.isTTY === true && !('NO_COLOR' in process.env);

export function style(code: 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan', text: string): string {
  if (!useColor()) return text;
  const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] };
  const [a, b] = codes[code];
  return `\u001b[${a}m${text}\u001b[${b}m`;
}
