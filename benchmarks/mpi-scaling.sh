#!/usr/bin/env bash
# Weak scaling from 1 to R ranks on this machine, against the same runs on threads in one process:
#   benchmarks/mpi-scaling.sh [rounds] [per-rank sizes...]     (default: 3 rounds; 512 1024 2048; R = 2)
#   RANKS=4 benchmarks/mpi-scaling.sh 3 1024                   (on a machine with 4 or more cores)
#   TB=4 benchmarks/mpi-scaling.sh 3 2048                      (temporal blocking, 4 steps per sweep, everywhere)
#   BIND=none benchmarks/mpi-scaling.sh                        (mpirun --bind-to none; default core, mpirun's own for <= 2 ranks)
# Each rank (thread) gets an N x N block of 2D gray-scott, f64, vector backend, the same --temporal-blocking
# on both sides (TB, default off); the grid grows along y with the rank count. Per round and size
# the four configurations run interleaved, so machine noise spreads over all of them:
#   mpi-1     mpirun -np 1 ... --size NxN          mpi-R     mpirun -np R ... --size Nx(R*N)
#   threads-1 bin/jstencil run ... --threads 1     threads-R bin/jstencil run ... --size Nx(R*N) --threads R
# Efficiency = MLUP/s at R / (R * MLUP/s at 1), per round; the table gives medians (min-max). The halo
# columns: seconds per step a rank spent in the exchange (least and most over ranks), of the timed steps.
# Ranks are bound to cores by default (BIND=core, what mpirun does for up to 2 ranks): measured here, it
# halved the time a rank waited for its neighbour against --bind-to none.
# Results go to bench-results/<cpu>/mpi-weak-scaling/<UTC>/ with machine.txt.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
rounds=${1:-3}; shift || true
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(512 1024 2048); fi
R=${RANKS:-2}
TB=${TB:-off}
command -v mpirun >/dev/null || { echo "mpi-scaling.sh: mpirun is not on PATH (apt-get install openmpi-bin libopenmpi-dev)" >&2; exit 2; }
out=$("$root/benchmarks/machine.sh" new-run mpi-weak-scaling)
BIND=${BIND:-core}
mpirun_cmd=(mpirun --bind-to "$BIND")
[ "$(id -u)" = 0 ] && mpirun_cmd+=(--allow-run-as-root)
mpirun_cmd+=(--oversubscribe)
# Containers often forbid the cross-memory attach of Open MPI's shared-memory transport (ptrace rules).
export OMPI_MCA_btl_vader_single_copy_mechanism=${OMPI_MCA_btl_vader_single_copy_mechanism:-none}
"$root/bin/jstencil" gray-scott --size 16 --steps 1 --no-png >/dev/null 2>&1 # build once, outside the timing
csv="$out/runs.csv"
echo "round,size,config,mlups,seconds,steps,halo_least,halo_most" > "$csv"
run() { # config size grid -- command...
  local cfg=$1 n=$2; shift 2
  local line
  line=$("$@" 2>>"$out/stderr.log" | tail -n 1) || { echo "mpi-scaling.sh: failed ($cfg, ${n}²): see $out/stderr.log" >&2; exit 1; }
  local m s st hl hm
  m=$(sed -n 's/.*"mlups":\([0-9.]*\).*/\1/p' <<<"$line"); s=$(sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p' <<<"$line")
  st=$(sed -n 's/.*"steps":\([0-9]*\).*/\1/p' <<<"$line")
  hl=$(sed -n 's/.*"halo_exchange_seconds_least":\([0-9.]*\).*/\1/p' <<<"$line"); hm=$(sed -n 's/.*"halo_exchange_seconds":\([0-9.]*\).*/\1/p' <<<"$line")
  echo "$r,$n,$cfg,$m,$s,$st,${hl:-},${hm:-}" >> "$csv"
  echo "round $r: ${n}² per rank, $cfg: $m MLUP/s" >&2
}
{
  echo "command: RANKS=$R TB=$TB BIND=$BIND benchmarks/mpi-scaling.sh $rounds ${sizes[*]}"
  echo "started: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "mpirun: $(mpirun --version 2>&1 | head -n 1)"
} > "$out/run.txt"
for r in $(seq "$rounds"); do
  for n in "${sizes[@]}"; do
    steps=$(( 1500000000 / (n * n) )); warm=$(( steps / 4 ))
    common=(run gray-scott --steps "$steps" --warmup "$warm" --temporal-blocking "$TB" --precision f64 --check-every 0)
    run mpi-1 "$n" "${mpirun_cmd[@]}" -np 1 "$root/bin/jstencil" "${common[@]}" --size "${n}x${n}" --threads 1
    run "mpi-$R" "$n" "${mpirun_cmd[@]}" -np "$R" "$root/bin/jstencil" "${common[@]}" --size "${n}x$((R * n))" --threads 1
    run threads-1 "$n" "$root/bin/jstencil" "${common[@]}" --size "${n}x${n}" --threads 1
    run "threads-$R" "$n" "$root/bin/jstencil" "${common[@]}" --size "${n}x$((R * n))" --threads "$R"
  done
done
python3 - "$csv" "$R" > "$out/table.md" <<'PY'
import csv, statistics, sys
from collections import defaultdict
rows = list(csv.DictReader(open(sys.argv[1]))); R = sys.argv[2]
by = defaultdict(dict)
for x in rows:
    by[(x["size"], x["round"])][x["config"]] = x
def med(v): return f"{statistics.median(v):.2f} ({min(v):.2f}-{max(v):.2f})" if v else "-"
print(f"| per rank | MLUP/s mpi-1 | mpi-{R} | weak efficiency MPI | threads-1 | threads-{R} | weak efficiency threads | halo ms/step at {R} ranks (least-most) | step ms at {R} ranks |")
print("|---|---|---|---|---|---|---|---|---|")
for n in sorted({x["size"] for x in rows}, key=int):
    rs = [v for (s, _), v in by.items() if s == n and len(v) == 4]
    def m(c): return [float(v[c]["mlups"]) for v in rs]
    em = [float(v[f"mpi-{R}"]["mlups"]) / (int(R) * float(v["mpi-1"]["mlups"])) for v in rs]
    et = [float(v[f"threads-{R}"]["mlups"]) / (int(R) * float(v["threads-1"]["mlups"])) for v in rs]
    hl = [1e3 * float(v[f"mpi-{R}"]["halo_least"]) / int(v[f"mpi-{R}"]["steps"]) for v in rs]
    hm = [1e3 * float(v[f"mpi-{R}"]["halo_most"]) / int(v[f"mpi-{R}"]["steps"]) for v in rs]
    st = [1e3 * float(v[f"mpi-{R}"]["seconds"]) / int(v[f"mpi-{R}"]["steps"]) for v in rs]
    print(f"| {n}² | {statistics.median(m('mpi-1')):.0f} | {statistics.median(m('mpi-' + R)):.0f} | {med(em)} | "
          f"{statistics.median(m('threads-1')):.0f} | {statistics.median(m('threads-' + R)):.0f} | {med(et)} | "
          f"{statistics.median(hl):.3f}-{statistics.median(hm):.3f} | {statistics.median(st):.3f} |")
PY
cat "$out/table.md"
echo "results: $out" >&2
