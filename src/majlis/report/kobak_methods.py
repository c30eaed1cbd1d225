"""Audit runners for the turnout-based methods: Klimek's fingerprint, integer percentages
(Kobak et al.) and Shpilkin's excess votes. Each turns a pure result into a MethodReport."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from majlis.forensics import (
    Stations,
    fingerprint,
    fit_klimek_model,
    integer_percentages,
    integer_percentages_exact,
    shpilkin_excess,
)
from majlis.labels import METHOD_TITLES
from majlis.report.model import AuditInput, AuditOptions, MethodReport

__all__ = ["run_integer", "run_klimek", "run_shpilkin", "stations_of"]


def stations_of(data: AuditInput) -> tuple[Stations, npt.NDArray[np.bool_]]:
    """The complete protocols as :class:`Stations`, and which input rows they are."""
    lines = (data.registered, data.ballots_issued, data.ballots_cast, data.valid, data.leader)
    keep = np.logical_and.reduce([np.isfinite(x) & (x >= 0) for x in lines])
    reg, issued, cast, valid, leader = (x[keep].astype(np.int64) for x in lines)
    stations = Stations(
        registered=reg, leader=leader, ballots_issued=issued, ballots_cast=cast, valid=valid
    )
    return stations, keep


def _spread(values: npt.NDArray[np.bool_], keep: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    out = np.zeros(keep.size, dtype=bool)
    out[keep] = values
    return out


def run_klimek(data: AuditInput, options: AuditOptions) -> MethodReport:
    """Fingerprint and fraud-model fit (Klimek et al. 2012)."""
    stations, _ = stations_of(data)
    fp = fingerprint(stations)
    fit = fit_klimek_model(stations, seed=options.seed)
    signal = fit.r_squared - fit.r_squared_clean > 0.03  # fraud terms must improve the fit
    return MethodReport(
        key="klimek",
        title=METHOD_TITLES["klimek"],
        citation="Klimek, Yegorov, Hanel & Thurner, PNAS 109(41), 2012",
        signal=bool(signal),
        headline=(
            f"fraud model: incremental f_i = {fit.f_incremental:.3f}, extreme "
            f"f_e = {fit.f_extreme:.4f} (R² {fit.r_squared:.2f} vs {fit.r_squared_clean:.2f} "
            "without fraud)"
        ),
        numbers=(
            ("voters in the (≥90 %, ≥90 %) corner", f"{fp.corner_share:.2%}"),
            ("kurtosis of the log vote rate", f"{fp.log_vote_rate_kurtosis:.3f}"),
            ("skewness of the log vote rate", f"{fp.log_vote_rate_skewness:.3f}"),
            ("incremental fraud f_i", f"{fit.f_incremental:.3f}"),
            ("extreme fraud f_e", f"{fit.f_extreme:.4f}"),
            ("fraud intensity σ_x / α", f"{fit.sigma_x:g} / {fit.alpha:g}"),
            ("clean turnout τ ± σ", f"{fit.tau:.3f} ± {fit.sigma_tau:.3f}"),
            ("clean share ν ± σ", f"{fit.nu:.3f} ± {fit.sigma_nu:.3f}"),
            (
                "goodness of fit R² (fraud / clean model)",
                f"{fit.r_squared:.3f} / {fit.r_squared_clean:.3f}",
            ),
        ),
        explanation=(
            "Every station is a point (turnout, leader's share). Honest elections form one "
            "compact blob; ballot stuffing drags stations towards high turnout and high share "
            "at once, and invented results pile up at (100 %, 100 %). A simulated model with "
            "a share f_i of stations stuffed incrementally and f_e stuffed wholesale is fitted "
            "to the picture. A smear and a positive fit show that turnout and share rise "
            "together in a way a clean model does not produce; they do not prove how: "
            "mobilisation of loyal communities or closed institutions can also tilt the blob, "
            "and the fitted fractions are model-based, not counts of stolen votes."
        ),
        result=fp,
    )


def run_integer(data: AuditInput, options: AuditOptions) -> MethodReport:
    """Integer-percentage excess, Monte Carlo and exact (Kobak et al. 2016)."""
    stations, keep = stations_of(data)
    mc = integer_percentages(stations, n_resamples=options.resamples, seed=options.seed)
    exact = mc.exact if mc.exact is not None else integer_percentages_exact(stations)
    signal = mc.p_value < 0.001
    hits = _spread(mc.turnout_integer | mc.result_integer, keep)
    return MethodReport(
        key="integer",
        title=METHOD_TITLES["integer"],
        citation="Kobak, Shpilkin & Pshenichnikov, Annals of Applied Statistics 10(1), 2016",
        signal=bool(signal),
        headline=(
            f"{mc.excess:+.0f} stations with whole-percent turnout or result beyond chance "
            f"(p = {mc.p_value:.4f})"
        ),
        numbers=(
            ("stations with an integer turnout or result", f"{mc.observed:.0f}"),
            ("expected under the binomial null (Monte Carlo)", f"{mc.expected:.1f}"),
            ("excess (Monte Carlo) / 99.9 % line", f"{mc.excess:+.1f} / {mc.p999_minus_mean:.1f}"),
            ("excess (exact, seed-free) ± sd", f"{exact.excess:+.1f} ± {exact.std:.1f}"),
            ("p-value (Monte Carlo, one-sided)", f"{mc.p_value:.4f}"),
        ),
        explanation=(
            "A commission that writes a result to order tends to write round numbers: "
            "turnout or a leader's result of exactly 80 %, 85 %, 90 %. The test counts "
            "stations whose turnout or result lies within ±0.05 percentage points of a whole "
            "percent (Kobak's window) and compares the count with what binomial chance gives "
            "for the same stations. A "
            "significant excess is strong evidence that many protocols were written rather "
            "than counted; it does not prove which stations were falsified (any one can hit "
            "a whole percent by chance) or how many votes were changed."
        ),
        result=_IntegerOutcome(mc.null, mc.observed, hits),
    )


class _IntegerOutcome:
    """The integer test's null sample, observed count and per-station hits (for the report)."""

    def __init__(
        self, null: npt.NDArray[np.float64] | None, observed: float, flagged: npt.NDArray[np.bool_]
    ) -> None:
        self.null = null
        self.observed = observed
        self.integer_hits = flagged


def run_shpilkin(data: AuditInput, options: AuditOptions) -> MethodReport:
    """Shpilkin's clean-peak excess-vote estimate (clean peak searched in ``peak_range``)."""
    stations, _ = stations_of(data)
    res = shpilkin_excess(stations, peak_range=options.peak_range)
    low, high = options.peak_range
    leader_total = float(stations.leader.sum())
    signal = res.anomalous_votes > 0.015 * leader_total
    return MethodReport(
        key="shpilkin",
        title=METHOD_TITLES["shpilkin"],
        citation="S. Shpilkin (2009–2021), as formalised by Kobak et al. (2016)",
        signal=bool(signal),
        headline=(
            f"{res.anomalous_votes:,.0f} anomalous votes; clean share {res.clean_share:.1%} "
            f"vs official {res.official_share:.1%}"
        ),
        numbers=(
            ("clean turnout peak", f"{res.peak_turnout:.1f} %"),
            ("clean peak searched in turnout", f"{low:g}–{high:g} %"),
            ("leader's share in the clean part", f"{res.clean_share:.2%}"),
            ("official share / turnout", f"{res.official_share:.2%} / {res.official_turnout:.2%}"),
            ("anomalous votes", f"{res.anomalous_votes:,.0f}"),
            ("share of the leader's votes", f"{res.anomalous_votes / max(leader_total, 1):.2%}"),
            (
                "of which stuffing / switching",
                f"{res.stuffed_votes:,.0f} / {res.switched_votes:,.0f}",
            ),
            ("pseudo-stations left out (> 10 × median register)", str(res.pseudo_stations)),
            (
                "corrected share / turnout",
                f"{res.corrected_share:.2%} / {res.corrected_turnout:.2%}",
            ),
        ),
        explanation=(
            "Stations are grouped by turnout. At turnout up to the clean peak (the "
            f"lowest-turnout peak of the histogram, searched in {low:g}–{high:g} %) the "
            "leader's share is taken as the honest one; above it, the "
            "leader's votes beyond that share of the other ballots are counted as anomalous "
            "and split into ballots added (stuffing) and votes the other lists lack "
            "(switching). The "
            "estimate assumes that turnout and preference are unrelated in an honest "
            "election: where they are related for innocent reasons (e.g. rural loyalists "
            "who also vote more), part of the 'anomalous' votes are real, so the number is "
            "an order of magnitude, not proof of a count of stolen votes."
        ),
        result=res,
    )
