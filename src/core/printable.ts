// Text a device or a file controls (a USB `product` string, a name in a pasted dump, a pci.ids name) must reach
// a terminal as text, never as a command to it: ESC starts a control sequence (ECMA-48 §5.3,
// https://www.ecma-international.org/publications-and-standards/standards/ecma-48/), C1 bytes do the same on
// terminals that read them, CR and BS rewrite what was printed, and the bidirectional controls reorder it
// (CVE-2021-42574, "Trojan Source"). Each is shown as an escape instead, so what was there stays visible.

// C0 controls, DEL, C1 controls, and the Unicode bidi embeddings, overrides and isolates.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

function escape(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character written as a visible escape (`\e`, `\x00`, `\u202e`); the rest unchanged. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}

/** `printable` for text of several lines (a diff, a file): tabs and line ends stay, everything else is escaped. */
export function printableText(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => (ch === '\t' || ch === '\n' ? ch : escape(ch)));
}

/** `printable` for the nullable names of the Host model. */
export function printableOrNull(text: string | null): string | null {
  return text === null ? null : printable(text);
}
