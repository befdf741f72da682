#!/usr/bin/env bash
# Checks that every Markdown link in README.md, docs/, ops/ and clients/ stays in the repository:
# a relative link (or one starting with /, read from the repository's root) must name a file or
# folder of the repository, and none may climb out of it (../ past the root) or use file:.
# Links with a scheme (https:, mailto:) and links to an anchor of the same page are not checked,
# nor the anchor part of a link (docs/x.md#part checks docs/x.md). Links inside code (fenced
# blocks, `spans`) are not links. Run from the repository's root: bash docs/check-links.sh
# Exit 0 when every link resolves; 1 with one line per broken link (file:line: link: why).
set -euo pipefail

root=$(pwd)
if [[ ! -f README.md ]]; then
  echo "check-links: run from the repository's root (no README.md in $root)" >&2
  exit 2
fi

# The repository's files: tracked and new ones, not ignored ones (build output, ./data).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files --cached --others --exclude-standard)
else
  files=$(find . -type f -not -path './.git/*' | sed 's|^\./||')
fi
declare -A known=()
while IFS= read -r f; do
  [[ -n "$f" && -e "$f" ]] || continue
  known["$f"]=1
  d=$f
  while [[ "$d" == */* ]]; do
    d=${d%/*}
    known["$d"]=1
  done
done <<<"$files"

pages=()
[[ -f README.md ]] && pages+=(README.md)
for dir in docs ops clients; do
  [[ -d "$dir" ]] || continue
  while IFS= read -r f; do
    [[ -n "$f" ]] && pages+=("$f")
  done < <(printf '%s\n' "$files" | grep -E "^$dir/.*\.md$" | sort)
done

# Prints file<TAB>line<TAB>target for each link of one page: [text](target), ![alt](target),
# [id]: target, and href="…"/src="…" of inline HTML; fenced blocks and code spans left out.
links_of() {
  awk -v file="$1" '
    function emit(t) {
      sub(/^[ \t]+/, "", t)
      if (substr(t, 1, 1) == "<") { t = substr(t, 2); sub(/>.*$/, "", t) }
      else { sub(/[ \t].*$/, "", t) }
      if (t != "") printf "%s\t%d\t%s\n", file, NR, t
    }
    /^[ \t]*(```|~~~)/ { fenced = !fenced; next }
    fenced { next }
    {
      line = $0
      gsub(/``[^`]*``/, "", line)
      gsub(/`[^`]*`/, "", line)
      if (match(line, /^ ? ? ?\[[^\]]+\]:[ \t]*[^ \t]+/)) {
        t = substr(line, RSTART, RLENGTH); sub(/^[^\]]*\]:/, "", t); emit(t)
      }
      rest = line
      while (match(rest, /\]\([^)]*\)/)) {
        t = substr(rest, RSTART + 2, RLENGTH - 3); emit(t)
        rest = substr(rest, RSTART + RLENGTH)
      }
      rest = line
      while (match(rest, /(href|src)="[^"]*"/)) {
        t = substr(rest, RSTART, RLENGTH); sub(/^[a-z]+="/, "", t); sub(/"$/, "", t); emit(t)
        rest = substr(rest, RSTART + RLENGTH)
      }
    }
  ' "$1"
}

# Resolves a relative path against a folder of the repository; prints the path from the root, or
# nothing (status 1) when it climbs out.
resolve() {
  local base=$1 path=$2 part
  local -a out=()
  if [[ "$path" == /* ]]; then base=""; fi
  IFS=/ read -ra parts <<<"$base/$path"
  for part in "${parts[@]}"; do
    case "$part" in
      "" | .) ;;
      ..) ((${#out[@]} > 0)) || return 1; unset 'out[${#out[@]}-1]' ;;
      *) out+=("$part") ;;
    esac
  done
  local IFS=/
  printf '%s\n' "${out[*]}"
}

broken=0
checked=0
fail() {
  echo "$1:$2: $3: $4"
  broken=$((broken + 1))
}
for page in "${pages[@]}"; do
  dir=$(dirname "$page")
  [[ "$dir" == . ]] && dir=""
  while IFS=$'\t' read -r file line target; do
    [[ -n "$target" ]] || continue
    checked=$((checked + 1))
    case "$target" in
      '#'*) continue ;;
      [Ff][Ii][Ll][Ee]:*) fail "$file" "$line" "$target" "a file: link leaves the repository"; continue ;;
      //*) continue ;;
    esac
    if [[ "$target" =~ ^[A-Za-z][A-Za-z0-9+.-]*: ]]; then
      continue
    fi
    path=${target%%#*}
    path=${path%%\?*}
    path=${path//%20/ }
    [[ -n "$path" ]] || continue
    if ! resolved=$(resolve "$dir" "$path"); then
      fail "$file" "$line" "$target" "leaves the repository"
      continue
    fi
    if [[ -z "$resolved" ]]; then
      continue
    fi
    if [[ -z "${known[$resolved]:-}" ]]; then
      fail "$file" "$line" "$target" "no $resolved in the repository"
    fi
  done < <(links_of "$page")
done

if ((broken > 0)); then
  echo "check-links: $broken broken link(s) in ${#pages[@]} page(s)" >&2
  exit 1
fi
echo "check-links: $checked link(s) in ${#pages[@]} page(s), all in the repository"
