# Sourced by bin/tglake and bin/demo (needs ROOT): when a module's build output is stale. One rule for both scripts.

# module -> the modules whose sources it runs (a change in any of them rebuilds it): itself plus every reactor module
# whose build output is on its target/classpath.txt, i.e. the build's own module graph (nothing kept by hand).
sources_of() {
  local entry m out="$ROOT/$1"
  if [[ -f "$ROOT/$1/target/classpath.txt" ]]; then
    while IFS= read -r -d: entry || [[ -n "$entry" ]]; do
      [[ "$entry" == "$ROOT"/*/target/* ]] || continue
      m="${entry#"$ROOT"/}"; m="${m%%/*}"
      [[ " $out " == *" $ROOT/$m "* ]] || out+=" $ROOT/$m"
    done < "$ROOT/$1/target/classpath.txt"
  fi
  echo "$out"
}

# module -> true when it has no build output or a source or pom of it (or of a module it runs) is newer than it.
# The build's classpath.txt is the marker (bin/tglake touches it after each build it runs).
module_stale() {
  local dir="$ROOT/$1" srcs=("$ROOT/pom.xml") s
  [[ -f "$dir/target/classpath.txt" && -d "$dir/target/classes" ]] || return 0
  for s in $(sources_of "$1"); do srcs+=("$s/src/main" "$s/pom.xml"); done
  [[ -n "$(find "${srcs[@]}" -newer "$dir/target/classpath.txt" -print -quit 2>/dev/null)" ]]
}
