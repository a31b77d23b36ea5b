// `dgpu completion bash|zsh|fish`: completion scripts made from the command tree, so a new command or option is
// completed without anyone editing a script.
import { Command, Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { examples, leafCommands } from './help.js';

interface Entry {
  /** `scan`, or `vm attach`. */
  words: string[];
  description: string;
  options: readonly Option[];
}

function entries(root: Command): Entry[] {
  return leafCommands(root).map(({ path, cmd }) => ({ words: path, description: cmd.description(), options: cmd.options }));
}

const flags = (o: Option) => [o.long, o.short].filter((f): f is string => f !== undefined);
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(root: Command): string {
  const es = entries(root);
  const tops = [...new Set(es.map((e) => e.words[0]!))];
  const cases = es.map((e) => {
    const choices = e.options.flatMap((o) => (o.argChoices ? [`    ${flags(o)[0]}) COMPREPLY=($(compgen -W ${sq(o.argChoices.join(' '))} -- "$cur")); return ;;`] : []));
    return [`  ${sq(e.words.join(' '))})`, '    case "$prev" in', ...choices.map((c) => `  ${c}`), '    esac',
      `    COMPREPLY=($(compgen -W ${sq(e.options.flatMap(flags).join(' '))} -- "$cur")); return ;;`].join('\n');
  });
  return `# bash completion for dgpu (made by \`dgpu completion bash\`)
_dgpu() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local cmd=\${COMP_WORDS[1]}
  if [ "$COMP_CWORD" -eq 1 ]; then COMPREPLY=($(compgen -W ${sq(tops.join(' '))} -- "$cur")); return; fi
  if [ "$cmd" = vm ]; then
    if [ "$COMP_CWORD" -eq 2 ]; then COMPREPLY=($(compgen -W 'attach' -- "$cur")); return; fi
    cmd="vm \${COMP_WORDS[2]}"
  fi
  case "$cmd" in
${cases.join('\n')}
  esac
}
complete -o default -F _dgpu dgpu
`;
}

function zsh(root: Command): string {
  return `#compdef dgpu
# zsh completion for dgpu (made by \`dgpu completion zsh\`): zsh runs the bash completion through bashcompinit.
autoload -U +X bashcompinit && bashcompinit
${bash(root).replace(/^# bash completion.*\n/, '')}`;
}

function fish(root: Command): string {
  const es = entries(root);
  const lines = ['# fish completion for dgpu (made by `dgpu completion fish`)', 'complete -c dgpu -f'];
  for (const top of [...new Set(es.map((e) => e.words[0]!))]) {
    const d = root.commands.find((c) => c.name() === top)?.description() ?? '';
    lines.push(`complete -c dgpu -n __fish_use_subcommand -a ${top} -d ${sq(d)}`);
  }
  for (const e of es) {
    if (e.words.length > 1) lines.push(`complete -c dgpu -n ${sq(`__fish_seen_subcommand_from ${e.words[0]}`)} -a ${e.words[1]} -d ${sq(e.description)}`);
    const when = sq(`__fish_seen_subcommand_from ${e.words.at(-1)}`);
    for (const o of e.options) {
      const long = o.long?.replace(/^--/, '');
      const short = o.short?.replace(/^-/, '');
      const arg = o.argChoices ? ` -xa ${sq(o.argChoices.join(' '))}` : o.required || o.optional ? ' -r' : '';
      lines.push(`complete -c dgpu -n ${when}${long ? ` -l ${long}` : ''}${short ? ` -s ${short}` : ''}${arg} -d ${sq(o.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionCommand(): Command {
  return examples(new Command('completion')
    .description('print a shell completion script: bash, zsh or fish')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string, _opts: unknown, cmd: Command) => {
      const { out } = await import('./io.js');
      const make = { bash, zsh, fish }[shell as 'bash' | 'zsh' | 'fish'];
      if (make === undefined) throw new UsageError(`completion: no script for '${shell}'`, 'choose bash, zsh or fish');
      out(make(cmd.parent!).replace(/\n$/, ''));
    }));
}
