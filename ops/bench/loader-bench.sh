#!/usr/bin/env bash
# ops/bench/loader-bench.sh: the loader, side by side on this machine, against
#   import: MySQL's own LOAD DATA of the same (decompressed) files into bare tables (same
#           columns, primary key only) -- the issue's baseline -- and, for reference, LOAD DATA
#           into the loader's own schema (the same secondary and unique indexes the import fills);
#   warm:   redis-cli --pipe of as many SET commands, values shaped like LinkCodec's;
#   memory: the loader's peak RSS (GNU time) on a small and on the large dump, same JVM options.
# Results go into docs/PERFORMANCE.md between <!-- loader-bench:start --> and
# <!-- loader-bench:end --> (the rest of the file is kept).
#
# Environment (all optional):
#   BENCH_CLIGS=1000000        size of the large dump (gen_legacy_dump.py --cligs)
#   BENCH_SMALL_CLIGS=100000   size of the small dump (memory comparison only)
#   BENCH_SEED=2009            generator seed
#   BENCH_DIR=/tmp/cligs-loader-bench   dumps are cached here (generation of 1M takes minutes)
#   BENCH_DB_PREFIX=loaderbench         scratch databases <prefix>_bare, _schema, _import (dropped first and after)
#   BENCH_REDIS_PREFIX=loaderbench:     Redis prefix (its keys are deleted before and after)
#   BENCH_JAVA_OPTS="-Xmx128m"          JVM options of every loader run (a small heap: memory must not grow with the dump)
#   LOADER_JAR=loader/target/loader.jar
#   BENCH_REPORT=docs/PERFORMANCE.md
# Needs: python3, mysql client (LOCAL INFILE), redis-cli, GNU time (/usr/bin/time; apt-get install time).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
INVOCATION="$0${*:+ $*}"
N=${BENCH_CLIGS:-1000000}
SMALL=${BENCH_SMALL_CLIGS:-100000}
SEED=${BENCH_SEED:-2009}
DIR=${BENCH_DIR:-/tmp/cligs-loader-bench}
DBP=${BENCH_DB_PREFIX:-loaderbench}
RP=${BENCH_REDIS_PREFIX:-loaderbench:}
JOPTS=${BENCH_JAVA_OPTS:--Xmx128m}
JAR=${LOADER_JAR:-loader/target/loader.jar}
REPORT=${BENCH_REPORT:-docs/PERFORMANCE.md}
GEN=ops/legacy/gen_legacy_dump.py
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 1; }
[ -f "$JAR" ] || { echo "$JAR is missing: mvn -pl core,loader -am package -DskipTests" >&2; exit 1; }
mkdir -p "$DIR"
LOG="$DIR/logs"; mkdir -p "$LOG"
MYSQL=(mysql -uroot -h127.0.0.1 -P3306)

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2-$1:.2f}')"; }
rate() { python3 -c "print(f'{$1/$2:,.0f}')"; }
ratio() { python3 -c "print(f'{($1/$2)/($3/$4):.2f}')"; }
rss_mb() { awk '/Maximum resident set size/ {printf "%.0f", $6/1024}' "$1"; }
del_keys() { redis-cli --scan --pattern "$1*" | xargs -r -n 1000 redis-cli del > /dev/null; }

dump() { # dump DIR for a size, generated once
  local n=$1 d="$DIR/dump-$1-$SEED"
  if [ ! -f "$d/MANIFEST" ]; then
    echo "generating $n cligs (cached in $d) ..." >&2
    python3 "$GEN" "$d" --cligs "$n" --seed "$SEED" --expect "$d.expect.tsv" 2> "$LOG/gen-$n.log"
    mv "$(dirname "$d")/EXPECTED_REJECTS" "$DIR/EXPECTED_REJECTS-$n-$SEED"
  fi
  echo "$d"
}

BIG=$(dump "$N")
SMALLD=$(dump "$SMALL")
RAW="$DIR/raw-$N-$SEED"
mkdir -p "$RAW"
for t in users cligs rightclig api_keys; do
  [ -f "$RAW/$t.tsv" ] || gunzip -c "$BIG/$t.tsv.gz" > "$RAW/$t.tsv"
done
ROWS=$(python3 -c "
m=dict(l.strip().split('=',1) for l in open('$BIG/MANIFEST') if '=' in l)
print(sum(int(m['rows.'+t]) for t in ('users','cligs','rightclig','api_keys')))")
for d in bare schema import small; do "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS ${DBP}_$d"; done
del_keys "$RP"; del_keys "${RP%:}-pipe:"

# --- import baseline 1: LOAD DATA into bare tables (primary key only) ---
"${MYSQL[@]}" -e "CREATE DATABASE ${DBP}_bare; USE ${DBP}_bare;
CREATE TABLE users (id INT UNSIGNED NOT NULL PRIMARY KEY, username VARCHAR(64) NOT NULL, email VARCHAR(255) NULL,
  password_hash VARCHAR(128) NOT NULL, created_at DATETIME NULL, last_login_at DATETIME NULL, status VARCHAR(16) NOT NULL) DEFAULT CHARSET=utf8mb4;
CREATE TABLE cligs (id INT UNSIGNED NOT NULL PRIMARY KEY, user_id INT UNSIGNED NULL, slug VARCHAR(64) NOT NULL, url TEXT NOT NULL,
  title VARCHAR(255) NULL, created_at DATETIME NULL, updated_at DATETIME NULL, status VARCHAR(16) NOT NULL) DEFAULT CHARSET=utf8mb4;
CREATE TABLE rightclig (id INT UNSIGNED NOT NULL PRIMARY KEY, clig_id INT UNSIGNED NOT NULL, country VARCHAR(8) NOT NULL, url TEXT NOT NULL,
  created_at DATETIME NULL) DEFAULT CHARSET=utf8mb4;
CREATE TABLE api_keys (id INT UNSIGNED NOT NULL PRIMARY KEY, user_id INT UNSIGNED NOT NULL, api_key CHAR(32) NOT NULL, app_name VARCHAR(64) NULL,
  created_at DATETIME NULL, revoked_at DATETIME NULL) DEFAULT CHARSET=utf8mb4;"
LD_SQL="SET sql_mode='';"
for t in users cligs rightclig api_keys; do
  LD_SQL+="LOAD DATA LOCAL INFILE '$RAW/$t.tsv' INTO TABLE $t CHARACTER SET utf8mb4;"
done
t0=$(now); "${MYSQL[@]}" --local-infile=1 "${DBP}_bare" -e "$LD_SQL"; t1=$(now)
BARE_S=$(secs "$t0" "$t1")

# --- import baseline 2 (reference): LOAD DATA into the loader's schema, same indexes ---
CLIG_MYSQL_URL="mysql://root@127.0.0.1:3306/${DBP}_schema" java $JOPTS -jar "$JAR" migrate > "$LOG/migrate-schema.log" 2>&1
SCHEMA_SQL="SET sql_mode=''; SET foreign_key_checks=0;
LOAD DATA LOCAL INFILE '$RAW/users.tsv' INTO TABLE accounts CHARACTER SET utf8mb4
  (id, username, email, password_hash, created_at, last_login_at, status) SET password_scheme='md5';
LOAD DATA LOCAL INFILE '$RAW/cligs.tsv' INTO TABLE cligs CHARACTER SET utf8mb4
  (id, account_id, slug, target, title, created_at, updated_at, status);
LOAD DATA LOCAL INFILE '$RAW/rightclig.tsv' IGNORE INTO TABLE rightclig_rules CHARACTER SET utf8mb4
  (legacy_id, clig_id, country, target, @created);
LOAD DATA LOCAL INFILE '$RAW/api_keys.tsv' INTO TABLE api_keys CHARACTER SET utf8mb4
  (id, account_id, @k, app_name, created_at, revoked_at) SET key_sha256=UNHEX(SHA2(@k,256)), key_prefix=LEFT(@k,8);"
t0=$(now); "${MYSQL[@]}" --local-infile=1 "${DBP}_schema" -e "$SCHEMA_SQL" > /dev/null; t1=$(now)
SCHEMA_S=$(secs "$t0" "$t1")

# --- the loader's import (gzipped files, checks, normalisation, upserts) ---
export CLIG_MYSQL_URL="mysql://root@127.0.0.1:3306/${DBP}_import" CLIG_REDIS_PREFIX="$RP"
java $JOPTS -jar "$JAR" migrate > "$LOG/migrate-import.log" 2>&1
t0=$(now)
/usr/bin/time -v -o "$LOG/import-time.txt" java $JOPTS -jar "$JAR" import "$BIG" --rejects "$LOG/rejects.tsv" > "$LOG/import.log" 2>&1
t1=$(now)
IMPORT_S=$(secs "$t0" "$t1")
IMPORT_RSS=$(rss_mb "$LOG/import-time.txt")
grep -q "rejected by reason" "$LOG/import.log"
t0=$(now)
java $JOPTS -jar "$JAR" import "$BIG" --rejects "$LOG/rejects2.tsv" > "$LOG/import2.log" 2>&1
t1=$(now)
REIMPORT_S=$(secs "$t0" "$t1")
grep -q "nothing changed" "$LOG/import2.log"

# --- memory on the small dump, same JVM options ---
CLIG_MYSQL_URL="mysql://root@127.0.0.1:3306/${DBP}_small" java $JOPTS -jar "$JAR" migrate > /dev/null 2>&1
CLIG_MYSQL_URL="mysql://root@127.0.0.1:3306/${DBP}_small" /usr/bin/time -v -o "$LOG/import-small-time.txt" \
  java $JOPTS -jar "$JAR" import "$SMALLD" --rejects "$LOG/rejects-small.tsv" > "$LOG/import-small.log" 2>&1
SMALL_RSS=$(rss_mb "$LOG/import-small-time.txt")
SMALL_ROWS=$(python3 -c "
m=dict(l.strip().split('=',1) for l in open('$SMALLD/MANIFEST') if '=' in l)
print(sum(int(m['rows.'+t]) for t in ('users','cligs','rightclig','api_keys')))")

# --- warm: the loader vs redis-cli --pipe of as many SETs ---
/usr/bin/time -v -o "$LOG/warm-time.txt" java $JOPTS -jar "$JAR" warm > "$LOG/warm.log" 2>&1
KEYS=$(sed -n 's/^warm: \([0-9]*\) keys in \([0-9.]*\) s.*/\1/p' "$LOG/warm.log")
WARM_S=$(sed -n 's/^warm: \([0-9]*\) keys in \([0-9.]*\) s.*/\2/p' "$LOG/warm.log")
WARM_RSS=$(rss_mb "$LOG/warm-time.txt")
java $JOPTS -jar "$JAR" verify "$BIG.expect.tsv" > "$LOG/verify.log" 2>&1 && VERIFY="0 mismatches" || VERIFY="MISMATCHES (see $LOG/verify.log)"
VERIFY_LINE=$(grep -E '^verify: [0-9]+ cases;' "$LOG/verify.log" || true)
del_keys "$RP"
python3 - "$KEYS" "${RP%:}-pipe:" > "$DIR/pipe.resp" <<'EOF'
import random, sys
n, prefix = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(1)
out = sys.stdout.buffer
for i in range(1, n + 1):
    k = ("%slink:{s%d}" % (prefix, i)).encode()
    v = ("1\t%d\t1\ta\ts%d\thttps://shop.example.co.uk/p/%d?ref=cligs&id=%d" % (i, i, i, rnd.randrange(10**6))).encode()
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
EOF
t0=$(now); redis-cli --pipe < "$DIR/pipe.resp" > "$LOG/pipe.log"; t1=$(now)
PIPE_S=$(secs "$t0" "$t1")
grep -q "errors: 0" "$LOG/pipe.log"
del_keys "${RP%:}-pipe:"; rm -f "$DIR/pipe.resp"
for d in bare schema import small; do "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS ${DBP}_$d"; done

BARE_R=$(rate "$ROWS" "$BARE_S"); SCHEMA_R=$(rate "$ROWS" "$SCHEMA_S"); IMPORT_R=$(rate "$ROWS" "$IMPORT_S")
WARM_R=$(rate "$KEYS" "$WARM_S"); PIPE_R=$(rate "$KEYS" "$PIPE_S")
R_BARE=$(ratio "$ROWS" "$IMPORT_S" "$ROWS" "$BARE_S"); R_SCHEMA=$(ratio "$ROWS" "$IMPORT_S" "$ROWS" "$SCHEMA_S")
R_WARM=$(ratio "$KEYS" "$WARM_S" "$KEYS" "$PIPE_S")
BUFPOOL=$("${MYSQL[@]}" -N -e "SELECT @@innodb_buffer_pool_size DIV 1048576")
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)

SECTION=$(cat <<EOF
<!-- loader-bench:start -->
## Loader: import vs LOAD DATA, warm vs redis-cli --pipe

Written by \`ops/bench/loader-bench.sh\`; do not edit by hand, run it again.

- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GB; MariaDB $("${MYSQL[@]}" -N -e 'SELECT VERSION()') (innodb_buffer_pool_size ${BUFPOOL} MB), $(redis-server --version | cut -d' ' -f1-3); load average at the end: ${LOADAVG}
- command: \`${INVOCATION}\` (BENCH_CLIGS=$N, BENCH_SEED=$SEED, JVM options \`$JOPTS\`)
- data: \`gen_legacy_dump.py --cligs $N --seed $SEED\` (default dirty share 0.03): $ROWS rows in users, cligs, rightclig and api_keys; the loader reads the gzipped files, LOAD DATA reads them decompressed (decompression not timed)
- one run of each, in this order, on the same machine and server; the loader with MySQL, Redis and the JVM sharing the CPUs

| step | time | rows/s (keys/s) | loader ÷ baseline | aim |
| --- | ---: | ---: | ---: | --- |
| \`LOAD DATA\` into bare tables (primary key only) | ${BARE_S} s | ${BARE_R} | | |
| \`LOAD DATA\` into the loader's schema (same indexes; no checks, no normalisation) | ${SCHEMA_S} s | ${SCHEMA_R} | | |
| **loader \`import\`** (first import, empty database) | ${IMPORT_S} s | ${IMPORT_R} | **${R_BARE}×** bare, ${R_SCHEMA}× same-schema | ≥ 0.5× bare |
| loader \`import\` again (idempotent: "nothing changed") | ${REIMPORT_S} s | $(rate "$ROWS" "$REIMPORT_S") | | |
| \`redis-cli --pipe\`, $KEYS SETs | ${PIPE_S} s | ${PIPE_R} | | |
| **loader \`warm\`** ($KEYS keys from MySQL) | ${WARM_S} s | ${WARM_R} | **${R_WARM}×** | ≥ 0.5× |

Peak memory (GNU time, maximum RSS, JVM \`$JOPTS\`): import of $SMALL cligs ($SMALL_ROWS rows) **${SMALL_RSS} MB**, of $N cligs ($ROWS rows) **${IMPORT_RSS} MB**; warm of $KEYS keys ${WARM_RSS} MB.
The import streams every file and holds per batch only the batch; what grows with the dump is the set of rejected clig ids (4 bytes each, so that their rules are orphans); other orphan checks ask MySQL.

After the warm, \`loader verify\` of the generator's expectations against Redis: ${VERIFY} (${VERIFY_LINE}).
<!-- loader-bench:end -->
EOF
)
SECTION="$SECTION" python3 - "$REPORT" <<'PYEOF'
import os, re, sys
path = sys.argv[1]
section = os.environ["SECTION"]
try:
    text = open(path).read()
except FileNotFoundError:
    text = "# cligs — measured performance\n"
pattern = re.compile(r"<!-- loader-bench:start -->.*?<!-- loader-bench:end -->", re.S)
text = pattern.sub(lambda m: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PYEOF
echo "$SECTION"
