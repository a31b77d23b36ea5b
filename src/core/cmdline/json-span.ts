// Where each value of a JSON document stands in its text, so that an editor can rewrite one value and keep the
// rest (indentation, key order, final newline) byte for byte. Run only on text JSON.parse accepted.

export interface JsonSpan {
  start: number;
  end: number;
  /** Object members by key (the last wins, as in JSON.parse). */
  members?: Map<string, JsonSpan>;
  items?: JsonSpan[];
}

export function jsonSpans(text: string): JsonSpan {
  let i = 0;
  const ws = (): void => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): JsonSpan => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      const members = new Map<string, JsonSpan>();
      i++;
      ws();
      while (text[i] !== '}') {
        const key = string();
        ws();
        i++; // ':'
        members.set(key, value());
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
      return { start, end: i, members };
    }
    if (c === '[') {
      const items: JsonSpan[] = [];
      i++;
      ws();
      while (text[i] !== ']') {
        items.push(value());
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
      return { start, end: i, items };
    }
    if (c === '"') {
      string();
      return { start, end: i };
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    return { start, end: i };
  };
  return value();
}
