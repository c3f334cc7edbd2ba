/**
 * The POSIX sh scripts the SSH target runs, one per round trip. They are constants: every value
 * (paths, ids, JSON) arrives as a quoted positional argument (`$1`...) or on stdin, never spliced
 * into the script text. They need sh, coreutils (GNU `cp -l --parents`, `mv -T`, `stat -c`,
 * `sha256sum`), xargs, gzip and tar on the server, as any Linux generator server has.
 */

/** $1 website dir, $2 version id → line 1 live id target, line 2 has-version flag, then the live manifest. */
export const INSPECT = `
cd "$1" 2>/dev/null || { printf '\\n0\\n'; exit 0; }
cur=$(readlink current 2>/dev/null || true)
printf '%s\\n' "$cur"
if [ -f "versions/$2/version.json" ]; then echo 1; else echo 0; fi
if [ -n "$cur" ] && [ -f "$cur/manifest.json" ]; then cat "$cur/manifest.json"; fi
`;

// Takes `.lock` (hard link of a fully written temp file) and falls through with the lock held;
// when it is held, prints "age\nowner" and exits 3. $1 website dir, $2 owner text, $3 temp name.
const TAKE_LOCK = `
mkdir -p "$1" && cd "$1" || exit 2
got=0
if [ ! -d .lock ]; then
  printf '%s' "$2" > "$3" || exit 2
  if ln "$3" .lock 2>/dev/null; then got=1; fi
  rm -f "$3"
fi
if [ "$got" = 0 ]; then
  now=$(date +%s)
  m=$(stat -c %Y .lock 2>/dev/null || echo "$now")
  echo $((now - m))
  cat .lock 2>/dev/null
  exit 3
fi
`;

/** $1 website dir, $2 owner text, $3 temp name → exit 0 taken; exit 3 with "age\nowner" when held. */
export const LOCK = `${TAKE_LOCK}exit 0
`;

// Run in the website dir: removes temp leftovers of interrupted writers, printing each, then
// a record separator, the live link and the last history lines (recovery judges them).
const SWEEP_BODY = `
for f in .tmp-* versions/.tmp-*; do
  case "$f" in .tmp-lock-*) continue ;; esac
  [ -e "$f" ] || [ -L "$f" ] || continue
  rm -rf -- "$f" && printf '%s\\n' "$f"
done
printf '\\036\\n'
readlink current 2>/dev/null || echo
# 8 lines: enough to find the last well-formed entry past a torn or foreign line
tail -n 8 history.jsonl 2>/dev/null
printf '\\036\\n'
`;

/**
 * One round trip before a deploy: $1 website dir, $2 owner text, $3 temp name, $4 version id.
 * Takes the lock (exit 3 when held, as LOCK), sweeps (as SWEEP), then, given a version id,
 * prints the has-version flag and the live manifest (as INSPECT).
 */
export const PREPARE = `${TAKE_LOCK}${SWEEP_BODY}
[ -n "$4" ] || exit 0
if [ -f "versions/$4/version.json" ]; then echo 1; else echo 0; fi
cur=$(readlink current 2>/dev/null || true)
if [ -n "$cur" ] && [ -f "$cur/manifest.json" ]; then cat "$cur/manifest.json"; fi
exit 0
`;

/** $1 website dir, $2 owner judged stale, $3 aside name: moves it away unless it changed meanwhile. */
export const BREAK_LOCK = `
cd "$1" || exit 2
mv .lock "$3" 2>/dev/null || exit 0
if [ "$(cat "$3")" != "$(printf '%s' "$2")" ]; then ln "$3" .lock 2>/dev/null; fi
rm -f "$3"
`;

/** $1 website dir, $2 owner text: refreshes the lock's mtime while we hold it. */
export const TOUCH_LOCK = `
cd "$1" 2>/dev/null || exit 0
[ "$(cat .lock 2>/dev/null)" = "$(printf '%s' "$2")" ] && touch -c .lock
exit 0
`;

/** $1 website dir, $2 owner text: removes the lock only if we still hold it. */
export const UNLOCK = `
cd "$1" 2>/dev/null || exit 0
[ "$(cat .lock 2>/dev/null)" = "$(printf '%s' "$2")" ] && rm -f .lock
exit 0
`;

/** $1 website dir: prints the lock owner then removes it (the seeds' "Reset Deployment"). */
export const RESET_LOCK = `
cd "$1" 2>/dev/null || exit 0
if [ -e .lock ] || [ -L .lock ]; then
  printf 'LOCK\n'
  cat .lock 2>/dev/null || printf 'UNREADABLE\n'
fi
rm -f .lock
`;

/** $1 website dir: removes temp leftovers of interrupted writers and prints them, then the recovery info. */
export const SWEEP = `
cd "$1" 2>/dev/null || exit 0
${SWEEP_BODY}
exit 0
`;

/** $1 website dir, $2 live version id, $3 history line: records a switch history lacks, if still live. */
export const REPAIR_HISTORY = `
cd "$1" || exit 2
[ "$(readlink current 2>/dev/null)" = "versions/$2" ] || exit 0
if [ -s history.jsonl ] && [ "$(tail -c 1 history.jsonl | wc -l)" -eq 0 ]; then echo >> history.jsonl; fi
printf '%s\\n' "$3" >> history.jsonl
`;

/** $1 website dir, $2 temp dir name, $3 live version id or "", stdin gzipped NUL-separated paths to hard-link. */
export const STAGE = `
mkdir -p "$1/versions" && cd "$1/versions" || exit 2
rm -rf -- "$2" && mkdir -- "$2" || exit 2
if [ -z "$3" ]; then cat >/dev/null; exit 0; fi
cd -- "$3" || exit 2
gzip -dc | xargs -0 -r cp -l --parents -t "../$2" --
`;

/**
 * Staging, upload and hard-links in one round trip: $1 website dir, $2 temp dir name, $3 live
 * version id or "". stdin is a tar stream extracted into a fresh temp dir (it prints "ready"
 * once the dir exists); it may carry LINKS_LIST (gzipped NUL-separated paths), which are then
 * hard-linked from $3.
 */
export const UNTAR = `
mkdir -p "$1/versions" && cd "$1/versions" || exit 2
rm -rf -- "$2" && mkdir -- "$2" && cd -- "$2" || exit 2
echo ready
tar -x -f - --no-same-owner || exit 2
[ -f .links.gz ] || exit 0
if [ -n "$3" ]; then
  (cd "../$3" && gzip -dc "../$2/.links.gz" | xargs -0 -r cp -l --parents -t "../$2" --) || exit 2
fi
rm -f .links.gz
`;

/** $1 website dir, $2 temp dir name UNTAR made ready: a second tar stream extracted beside it. */
export const UNTAR_MORE = `
cd "$1/versions/$2" || exit 2
exec tar -x -f - --no-same-owner
`;

/** $1 website dir, $2 temp dir name, stdin NUL-separated dirs: creates them (SFTP upload). */
export const MKDIRS = `
cd "$1/versions/$2" || exit 2
xargs -0 -r mkdir -p --
`;

/**
 * $1 website dir, $2 temp dir, $3 version id, stdin gzipped `sha256sum` list: exit 4 on mismatch,
 * 5 if taken. The list is checked in up to 8 parallel parts, one per CPU: the read-back of every
 * byte is the longest step after the upload.
 */
export const VERIFY_COMMIT = `
cd "$1/versions/$2" || exit 2
if [ -f .manifest.json.gz ]; then gzip -dc .manifest.json.gz > manifest.json && rm -f .manifest.json.gz || exit 2; fi
sums="$1/.tmp-verify-$3"
gzip -dc > "$sums" || { rm -f "$sums"; exit 2; }
n=$(nproc 2>/dev/null || echo 1); [ "$n" -gt 8 ] && n=8
split -n "l/$n" -d "$sums" "$sums.part." || { rm -f "$sums"*; exit 2; }
pids=""
for part in "$sums".part.*; do
  [ -s "$part" ] || continue
  sha256sum -c --quiet --strict "$part" > "$part.out" 2>&1 &
  pids="$pids $!"
done
bad=0
for pid in $pids; do wait "$pid" || bad=1; done
if [ "$bad" = 1 ]; then cat "$sums".part.*.out | head -n 20; rm -f "$sums"*; exit 4; fi
rm -f "$sums"*
cd .. || exit 2
[ -e "$3" ] && exit 5
mv -T -- "$2" "$3"
`;

/** $1 website dir, $2 temp name: removes a temp dir. */
export const DISCARD = `
cd "$1/versions" 2>/dev/null || exit 0
rm -rf -- "$2"
`;

/** $1 website dir, $2 version id, $3 history line, $4 temp link name: atomic switch + history. */
export const SWITCH = `
cd "$1" || exit 2
[ -f "versions/$2/version.json" ] || { echo "version $2 is not on this server" >&2; exit 6; }
ln -s "versions/$2" "$4" || exit 2
mv -T -- "$4" current || { rm -f -- "$4"; exit 2; }
if [ -s history.jsonl ] && [ "$(tail -c 1 history.jsonl | wc -l)" -eq 0 ]; then echo >> history.jsonl; fi
printf '%s\\n' "$3" >> history.jsonl
`;

/**
 * $1 website dir, $2 version id, $3 history line the switch wrote: undoes a first activation.
 * Removes `current` if it still points at $2, and the switch's own history line if it is last.
 */
export const UNSET_CURRENT = `
cd "$1" 2>/dev/null || exit 0
[ "$(readlink current 2>/dev/null)" = "versions/$2" ] || exit 0
rm -f current || exit 2
[ -f history.jsonl ] && [ "$(tail -n 1 history.jsonl)" = "$3" ] || exit 0
size=$(stat -c %s history.jsonl) && len=$(printf '%s\\n' "$3" | wc -c) || exit 2
truncate -s $((size - len)) history.jsonl
`;

/** $1 website dir: live link target, then each version.json followed by a record separator. */
export const LIST = `
cd "$1" 2>/dev/null || { echo; exit 0; }
readlink current 2>/dev/null || echo
for d in versions/*/; do
  [ -f "$d/version.json" ] || continue
  cat "$d/version.json"; printf '\\n\\036\\n'
done
exit 0
`;

/** $1 website dir: the history file. */
export const HISTORY = `
cat "$1/history.jsonl" 2>/dev/null
exit 0
`;

/** $1 website dir, $2.. version ids: each moved to a temp name, then deleted, with its zip. */
export const REMOVE = `
cd "$1/versions" 2>/dev/null || exit 0
shift
for id in "$@"; do
  if [ -e "$id" ]; then mv -T -- "$id" ".tmp-del-$id" && rm -rf -- ".tmp-del-$id" || exit 2; fi
  rm -f -- "$id.zip"
done
`;
