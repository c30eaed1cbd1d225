"""Quick-count estimation over 100,000 station reports: majlis against a Polars group-by.

Run from the repository root:

    PYTHONPATH=src python benchmarks/bench_pvt.py [--reports 100000] [--lists 12] [--strata 20]

Both sides compute the same estimator on the same reports — each list's share and the
turnout by the stratified ratio-to-register estimator with their linearised variances
(polling stations as clusters, finite-population correction per stratum) — and must agree
to 1e-9. The peer is what a user would write with a dataframe library: a Polars group-by per
stratum for the sums, then per list the residuals and a second group-by for their variance.
It is the honest peer because it is the straightforward vectorised implementation of the
same formulas (Apollo, the observers' reference tool, has no stratified estimator to time).
Only the variances are computed (the peer, like most user code, builds no covariance).

Target (issue 18): 100,000 reports in under 1 s on one core.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import polars as pl

from majlis.pvt import Frame, estimate


def _data(n: int, lists: int, strata: int, seed: int = 0) -> tuple[Frame, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    stratum = rng.integers(0, strata, n)
    reg = rng.integers(300, 3000, n)
    ballots = rng.binomial(reg, 0.6)
    p = rng.dirichlet(np.ones(lists), size=strata)[stratum]
    votes = np.stack([rng.binomial(ballots, p[:, k]) for k in range(lists)], axis=1)
    frame = Frame(
        tuple(f"s{h}" for h in range(strata)),
        (np.bincount(stratum, minlength=strata) * 3).astype(np.int64),
        (np.bincount(stratum, reg, minlength=strata) * 3).astype(np.int64),
    )
    return frame, {"stratum": stratum, "reg": reg, "ballots": ballots, "votes": votes}


def peer(frame: Frame, d: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, float, float]:
    lists = d["votes"].shape[1]
    names = [f"v{k}" for k in range(lists)]
    df = pl.DataFrame(
        {"h": d["stratum"], "m": d["reg"], "c": d["ballots"], "b": d["votes"].sum(axis=1)}
        | {n: d["votes"][:, k] for k, n in enumerate(names)}
    )
    strata = pl.DataFrame(
        {"h": np.arange(len(frame.strata)), "M": frame.voters, "N": frame.stations}
    )
    g = (
        df.group_by("h")
        .agg(pl.len().alias("n"), pl.col("m").sum().alias("msum"))
        .join(strata, on="h")
    )
    g = g.with_columns((pl.col("M") / pl.col("msum")).alias("w"))
    df = df.join(g.select("h", "w", "n", "msum", "N"), on="h")
    tot = df.select([(pl.col("w") * pl.col(c)).sum().alias(c) for c in [*names, "b", "c"]]).row(0)
    base = tot[lists]
    share = np.array(tot[:lists]) / base
    big_m = float(frame.voters.sum())
    turnout = tot[-1] / big_m
    var = []
    for k, n in enumerate([*names, "c"]):
        u = (
            (pl.col(n) - share[k] * pl.col("b"))
            if n != "c"
            else (pl.col("c") - turnout * pl.col("m"))
        )
        t = df.with_columns(u.alias("u"))
        t = t.with_columns((pl.col("u").sum().over("h") / pl.col("msum")).alias("r"))
        t = t.with_columns((pl.col("u") - pl.col("r") * pl.col("m")).alias("e"))
        s = t.group_by("h").agg(
            pl.col("e").var().alias("s2"), pl.first("w"), pl.first("n"), pl.first("N")
        )
        s = s.with_columns(
            (
                pl.col("w") ** 2
                * pl.col("n") ** 2
                * (1 - pl.col("n") / pl.col("N"))
                * pl.col("s2")
                / pl.col("n")
            ).alias("v")
        )
        var.append(float(s["v"].sum()))
    se = np.sqrt(np.array(var[:lists])) / base
    return share, se, turnout, float(np.sqrt(var[-1]) / big_m)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--lists", type=int, default=12)
    ap.add_argument("--strata", type=int, default=20)
    a = ap.parse_args()
    frame, d = _data(a.reports, a.lists, a.strata)
    names = tuple(f"v{k}" for k in range(a.lists))
    base = d["votes"].sum(axis=1)

    def ours() -> tuple[np.ndarray, np.ndarray, float, float]:
        e = estimate(frame, d["stratum"], d["reg"], d["ballots"], base, d["votes"], names)
        return e.share, e.se, e.turnout, e.turnout_se

    times = {}
    results = {}
    for name, fn in (("majlis", ours), ("polars group-by", lambda: peer(frame, d))):
        fn()  # warm up
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            results[name] = fn()
            best = min(best, time.process_time() - t0)
        times[name] = best
    a_, b_ = results["majlis"], results["polars group-by"]
    np.testing.assert_allclose(a_[0], b_[0], rtol=1e-9)
    np.testing.assert_allclose(a_[1], b_[1], rtol=1e-9)
    np.testing.assert_allclose(a_[3], b_[3], rtol=1e-9)
    print(f"{a.reports:,} reports, {a.lists} lists, {a.strata} strata (CPU time, best of 3)")
    for name, t in times.items():
        print(f"  {name:16s} {t * 1000:8.1f} ms")
    print(f"  ratio peer/majlis: {times['polars group-by'] / times['majlis']:.1f}x")


if __name__ == "__main__":
    main()
