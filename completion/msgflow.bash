# Bash completion for msgflow: commands, each command's options, and
# topology files (*.topo) or result folders where they belong.
# Installed by `make install` as share/bash-completion/completions/msgflow.
_msgflow ()
{
  local cur prev cmd opts
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "check routes simulate sweep report compare trace analyze export --help --version" -- "$cur"))
    return
  fi
  cmd=${COMP_WORDS[1]}
  case $cmd in
    check) opts="--quiet --help" ;;
    routes) opts="--from --to --down --size --table --json --help" ;;
    simulate) opts="--seed --duration --warmup --replications --out --quiet --tracking --report --format --time-limit --max-memory --help" ;;
    sweep) opts="--vary --replications --duration --warmup --seed --jobs --out --time-limit --part --merge --quiet --help" ;;
    report) opts="--format --topology --quiet --help" ;;
    compare) opts="--out --format --quiet --help" ;;
    trace) opts="--from --to --at --size --seed --quiet-network --json --smtp --tracking --html --help" ;;
    analyze) opts="--json --k --time-limit --help" ;;
    export) opts="--format --output --down --help" ;;
    *) return ;;
  esac
  case $prev in
    --format)
      if [ "$cmd" = export ]; then COMPREPLY=($(compgen -W "graphml dot gml" -- "$cur"));
      else COMPREPLY=($(compgen -W "png svg" -- "$cur")); fi
      return ;;
    --k|-k) COMPREPLY=($(compgen -W "1 2" -- "$cur")); return ;;
    --out|-o|--tracking) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --output|--html|--topology) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ "$cmd" = report ] || [ "$cmd" = compare ]; then
    COMPREPLY=($(compgen -d -- "$cur"))
  else
    COMPREPLY=($(compgen -f -X '!*.topo' -- "$cur") $(compgen -d -- "$cur"))
  fi
}
complete -o filenames -F _msgflow msgflow
