#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/targets against the PaperModel sources and runs each for
# FUZZ_SECONDS (default 60) from its seed corpus. Usage: fuzz/run.sh [target...]  (default: all)
#
#   FUZZ_SECONDS=60     time per target
#   FUZZ_OPT=-O         optimisation for the instrumented build (-Onone builds faster, fuzzes slower)
#   FUZZ_MAX_LEN=16384  largest input tried, in bytes
#
# Work files go to .build-fuzz/: the instrumented library, one binary per target, the growing
# corpus (.build-fuzz/corpus/<target>), crash inputs (.build-fuzz/artifacts/) and summary.txt
# with executions and coverage per target. Exits non-zero when any target finds a crash,
# leak, timeout (an input taking over 10 s) or broken property.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${FUZZ_SECONDS:-60}
OPT=${FUZZ_OPT:--O}
MAX_LEN=${FUZZ_MAX_LEN:-16384}
OUT=.build-fuzz
SWIFTC=${SWIFTC:-swiftc}
mkdir -p "$OUT/lib" "$OUT/bin" "$OUT/corpus" "$OUT/artifacts" "$OUT/logs"

# Real inputs from the repository seed each target's corpus, beside the small files in fuzz/corpus.
fixtures=Tests/PaperModelTests/Fixtures/formats
seed_files() {
    case "$1" in
        page) ls seeds/* ;;
        medline) ls $fixtures/*.nbib 2>/dev/null ;;
        pubmed-xml) ls $fixtures/pubmed.xml 2>/dev/null ;;
        jats) ls $fixtures/article.xml 2>/dev/null ;;
        ris) ls $fixtures/*.ris 2>/dev/null ;;
        bibtex) ls $fixtures/*.bib 2>/dev/null ;;
        csl-json) ls $fixtures/*.json 2>/dev/null ;;
        decode|ingest) ls seeds/* $fixtures/* 2>/dev/null ;;
        query) ls Tests/PaperModelTests/Fixtures/queries/* 2>/dev/null ;;
    esac
    ls fuzz/corpus/"$1"/* 2>/dev/null || true
}

sources=$(find Sources/PaperModel -name '*.swift' | sort)
lib="$OUT/lib/libPaperModel.a"
quiet() { grep -v "Cannot export local symbol" || true; }
if [ ! -f "$lib" ] || [ -n "$(find Sources/PaperModel fuzz/Support.swift -newer "$lib" -name '*.swift' | head -1)" ]; then
    echo "fuzz: building PaperModel with -sanitize=fuzzer,address $OPT"
    # shellcheck disable=SC2086
    "$SWIFTC" -emit-library -static -emit-module -parse-as-library -module-name PaperModel \
        -sanitize=fuzzer,address $OPT -emit-module-path "$OUT/lib/PaperModel.swiftmodule" \
        -o "$lib" $sources 2>&1 | quiet
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=()
    for f in fuzz/targets/*.swift; do targets+=("$(basename "$f" .swift)"); done
fi

summary="$OUT/summary.txt"
printf '%-11s %10s %8s %8s %8s %6s  %s\n' target execs exec/s cov ft corpus result > "$summary"
failed=0
for t in "${targets[@]}"; do
    bin="$OUT/bin/$t"
    if [ ! -x "$bin" ] || [ "fuzz/targets/$t.swift" -nt "$bin" ] || [ "$lib" -nt "$bin" ]; then
        echo "fuzz: building $t"
        "$SWIFTC" -sanitize=fuzzer,address $OPT -parse-as-library -module-name "Fuzz_${t//-/_}" \
            -I "$OUT/lib" -L "$OUT/lib" -lPaperModel fuzz/Support.swift "fuzz/targets/$t.swift" -o "$bin" 2>&1 | quiet
    fi
    corpus="$OUT/corpus/$t"
    mkdir -p "$corpus"
    for f in $(seed_files "$t"); do cp -n "$f" "$corpus/" 2>/dev/null || true; done
    log="$OUT/logs/$t.log"
    echo "fuzz: $t for ${SECONDS_EACH}s"
    status=0
    LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0" "$bin" -max_total_time="$SECONDS_EACH" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t-" "$corpus" > "$log" 2>&1 || status=$?
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
    [ -n "$done_line" ] || done_line=$(grep -E '^#[0-9]+[[:space:]].*cov:' "$log" | tail -1 || true)
    execs=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}' || true)
    rate=$(grep -E '^stat::average_exec_per_sec:' "$log" | awk '{print $2}' || true)
    cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$done_line")
    ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$done_line")
    corp=$(sed -nE 's/.*corp: ([0-9]+)\/.*/\1/p' <<<"$done_line")
    result=ok
    if [ "$status" -ne 0 ]; then
        result="FAILED (see $log, input in $OUT/artifacts/$t-*)"
        failed=1
        grep -E 'ERROR|property broken|Fatal error|SUMMARY' "$log" | head -5 || true
    fi
    printf '%-11s %10s %8s %8s %8s %6s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result" >> "$summary"
done
cat "$summary"
exit $failed
