// Line wrapping at word boundaries, for the wizard's prose on a terminal: clack hard-wraps a long line at the
// terminal's width, mid-word ("it c|hecks"). Words longer than the width (a path, a URL) stay whole on a line.

/** Each paragraph line of `text` wrapped to at most `width` columns where it has spaces to break at. */
export function wrapWords(text: string, width: number): string {
  if (width < 20) return text;
  return text.split('\n').map((line) => {
    const indent = /^\s*/.exec(line)![0];
    const out: string[] = [];
    let cur = '';
    for (const word of line.slice(indent.length).split(' ')) {
      const next = cur === '' ? indent + word : `${cur} ${word}`;
      if (next.length > width && cur !== '') {
        out.push(cur);
        cur = indent + word;
      } else cur = next;
    }
    out.push(cur);
    return out.join('\n');
  }).join('\n');
}
