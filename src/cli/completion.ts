/**
 * Shell completion scripts generated from the live command tree: nouns, verbs, flags, and the
 * values of flags that take a fixed set (-o formats, --scenario names).
 */
import type { Command } from 'commander';

export interface TreeNode {
  name: string;
  aliases: string[];
  flags: string[];
  children: TreeNode[];
}

export function commandTree(cmd: Command): TreeNode {
  const flags = cmd.options.filter((o) => !o.hidden).flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)));
  return {
    name: cmd.name(),
    aliases: cmd.aliases(),
    flags: [...flags, '--help'],
    children: cmd.commands.map((c) => commandTree(c)),
  };
}

const VALUES: Record<string, string> = {
  '-o': 'table wide json yaml name',
  '--output': 'table wide json yaml name',
  '--scenario': 'healthy degraded failing flaky large legacy-refs',
};

function bash(tree: TreeNode): string {
  const lines: string[] = [];
  const walk = (node: TreeNode, path: string) => {
    lines.push(`    "${path}") words="${[...node.children.flatMap((c) => [c.name, ...c.aliases]), ...node.flags, ...tree.flags].join(' ')}" ;;`);
    for (const c of node.children) for (const n of [c.name, ...c.aliases]) walk(c, path ? `${path} ${n}` : n);
  };
  walk(tree, '');
  return `# meshscope bash completion: source <(meshscope completion bash)
_meshscope() {
  local cur prev path w i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${Object.entries(VALUES)
  .map(([f, v]) => `    ${f}) COMPREPLY=( $(compgen -W "${v}" -- "$cur") ); return ;;`)
  .join('\n')}
  esac
  path=""
  for ((i=1; i<COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    case " $(_meshscope_words "$path") " in
      *" $w "*) path="\${path:+$path }$w" ;;
    esac
  done
  COMPREPLY=( $(compgen -W "$(_meshscope_words "$path")" -- "$cur") )
}
_meshscope_words() {
  local words=""
  case "$1" in
${lines.join('\n')}
  esac
  echo "$words"
}
complete -F _meshscope meshscope
`;
}

function zsh(tree: TreeNode): string {
  return `#compdef meshscope
# meshscope zsh completion: meshscope completion zsh > "\${fpath[1]}/_meshscope"
${bash(tree).replace(/^# meshscope bash completion.*\n/, '').replace(/complete -F _meshscope meshscope\n$/, '')}
autoload -U +X bashcompinit && bashcompinit
complete -F _meshscope meshscope
`;
}

function fish(tree: TreeNode): string {
  const out: string[] = ['# meshscope fish completion: meshscope completion fish > ~/.config/fish/completions/meshscope.fish', 'complete -c meshscope -f'];
  const nounNames = tree.children.map((c) => c.name).join(' ');
  for (const f of tree.flags) {
    if (f.startsWith('--')) out.push(`complete -c meshscope -l ${f.slice(2)}${VALUES[f] ? ` -xa '${VALUES[f]}'` : ''}`);
    else out.push(`complete -c meshscope -s ${f.slice(1)}${VALUES[f] ? ` -xa '${VALUES[f]}'` : ''}`);
  }
  for (const noun of tree.children) {
    out.push(`complete -c meshscope -n "not __fish_seen_subcommand_from ${nounNames}" -a ${noun.name}`);
    const verbs = noun.children.map((v) => v.name).join(' ');
    for (const verb of noun.children) {
      out.push(`complete -c meshscope -n "__fish_seen_subcommand_from ${noun.name}; and not __fish_seen_subcommand_from ${verbs}" -a ${verb.name}`);
      for (const f of verb.flags.filter((x) => x.startsWith('--'))) out.push(`complete -c meshscope -n "__fish_seen_subcommand_from ${verb.name}" -l ${f.slice(2)}`);
    }
  }
  return out.join('\n') + '\n';
}

export function completionScript(shell: 'bash' | 'zsh' | 'fish', tree: TreeNode): string {
  return shell === 'bash' ? bash(tree) : shell === 'zsh' ? zsh(tree) : fish(tree);
}
