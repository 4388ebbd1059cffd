"""Printing a run: per phase and request kind, and the targets of issue 16."""

from __future__ import annotations

from benchmarks.load.measure import PEAK_MAX_S, STEADY_P95_S, quantile
from benchmarks.load.scenario import PhaseResult


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def print_run(title: str, results: list[PhaseResult], check: dict, load_avg: tuple) -> None:
    print(f"\n=== {title} on PostgreSQL; load average before/after: "
          f"{load_avg[0]:.2f} / {load_avg[1]:.2f} (2 cores shared) ===")
    for r in results:
        s = r.stats
        print(f"\n{r.name}: {s.requests} requests in {r.seconds:.1f} s = {s.requests / max(r.seconds, 1e-9):.1f}/s; "
              f"errors {sum(s.errors.values())}; slowest {ms(s.slowest)} ms")
        print(f"  server CPU {r.server_cpu:.1f} s ({100 * r.server_cpu / r.seconds:.0f}% of a core), "
              f"RSS max {r.rss_max:.0f} MiB; PostgreSQL CPU {r.postgres_cpu:.1f} s, connections max "
              f"{r.connections_max}; load generator CPU {r.client_cpu:.1f} s; "
              f"advisory-lock waiters in {100 * r.lock_wait_share:.0f}% of samples (max {r.lock_waiters_max})")
        pushes = len(s.latencies.get("push", []))
        print(f"  push throughput: {pushes} pushes answered = {pushes / max(r.seconds, 1e-9):.1f}/s over the phase")
        print(f"  {'kind':<14}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
        for kind, values in sorted(s.latencies.items()):
            print(f"  {kind:<14}{len(values):>7}{ms(quantile(values, .5)):>9}{ms(quantile(values, .95)):>9}"
                  f"{ms(quantile(values, .99)):>9}{ms(max(values)):>9}")
        if s.syncs:
            print(f"  {'whole sync':<14}{len(s.syncs):>7}{ms(quantile(s.syncs, .5)):>9}{ms(quantile(s.syncs, .95)):>9}"
                  f"{ms(quantile(s.syncs, .99)):>9}{ms(max(s.syncs)):>9}")
        for kind, n in sorted(s.busy.items()):
            print(f"  busy (503, retried after Retry-After) x{n}: {kind}")
        for what, n in sorted(s.errors.items()):
            print(f"  error x{n}: {what}")
    steady = next(r for r in results if r.name == "steady")
    peak = next(r for r in results if r.name == "peak")
    p95 = steady.stats.p95_all()
    ok_steady = p95 <= STEADY_P95_S and not steady.stats.errors
    ok_peak = peak.stats.slowest <= PEAK_MAX_S and not check["lost"] and not peak.stats.errors
    print(f"\nchanges: {check}")
    print(f"target steady: p95 {ms(p95)} ms (<= {ms(STEADY_P95_S)}), errors {sum(steady.stats.errors.values())} "
          f"(0): {'met' if ok_steady else 'MISSED'}")
    print(f"target peak: slowest {ms(peak.stats.slowest)} ms (<= {ms(PEAK_MAX_S)}), lost {check['lost']}, "
          f"errors {sum(peak.stats.errors.values())}: {'met' if ok_peak else 'MISSED'}")
