// The wizard without a terminal, for `dgpu setup --dry-run` in a pipe or CI (`npm start`): the same conversation,
// printed as plain text, each question answered with its default (the proposed GPU, yes). Dry run only: the
// answers were never the user's, so nothing may be written with them.
import { write } from '../io.js';
import type { Choice, WizardUi } from './ui.js';

export function plainUi(output: { write(text: string): unknown } = { write }): WizardUi {
  const line = (text: string) => output.write(text.endsWith('\n') ? text : `${text}\n`);
  const indent = (text: string) => text.split('\n').map((l) => `  ${l}`).join('\n');
  const labelOf = <T>(choices: Choice<T>[], v: T) => choices.find((c) => c.value === v)?.label ?? String(v);
  return {
    intro: (t) => line(`${t}\n(no terminal: the walk-through, each question answered with its default)`),
    step: (t) => line(`\n== ${t}`),
    info: (t) => line(indent(t)),
    success: (t) => line(indent(t)),
    warn: (t) => line(indent(`warning: ${t}`)),
    message: (t) => line(indent(t)),
    async select<T>(message: string, choices: Choice<T>[], initial?: T) {
      const pick = initial !== undefined ? initial : choices.find((c) => !c.disabled)!.value;
      for (const c of choices) line(`  ${c.value === pick ? '>' : ' '} ${c.label}${c.hint ? `  (${c.hint})` : ''}${c.disabled ? '  [cannot be chosen]' : ''}`);
      line(`? ${message} ${labelOf(choices, pick)}`);
      return pick;
    },
    async multiselect<T>(message: string, choices: Choice<T>[], initial: T[]) {
      line(`? ${message} ${initial.map((v) => labelOf(choices, v)).join(', ') || 'none'}`);
      return initial;
    },
    async confirm(message: string) {
      line(`? ${message} yes`);
      return true;
    },
    spin: (_label, work) => work(),
    outro: (t) => line(`\n${t}`),
  };
}
