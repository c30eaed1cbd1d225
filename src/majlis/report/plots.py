"""Matplotlib figures of an audit, returned as PNG data URIs ready to embed in HTML."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")  # never open a window: reports are written headless

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatterSciNotation

from majlis.forensics import (
    BENFORD_SECOND_DIGIT,
    DistributionTests,
    Fingerprint,
    ShpilkinResult,
    SpikesResult,
)
from majlis.forensics.digits import last_digit, second_digit
from majlis.report.mixture_method import MixtureOutcome

__all__ = ["FIGURES", "figure_uri", "turnout_share_figure"]


def _uri(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


_SCI = re.compile(r"\$\\mathdefault\{(?:([0-9.]+)\\times)?([0-9.]+)\^\{(-?[0-9]+)\}\}\$")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


class _PlainLogFormatter(LogFormatterSciNotation):
    """Matplotlib's log-axis labels (10⁻³, 2×10¹) written with superscript characters.

    The stock formatter writes them as mathtext, whose parser costs a large part of drawing
    a report's figures; the labels read the same.
    """

    def __call__(self, x: float, pos: int | None = None) -> str:
        text = str(super().__call__(x, pos))
        found = _SCI.fullmatch(text)
        if found is None:
            return text
        coefficient, base, exponent = found.groups()
        return (f"{coefficient}×" if coefficient else "") + base + exponent.translate(_SUPERSCRIPT)


def _log_colorbar(fig: Figure, mappable: ScalarMappable, ax: Axes, label: str) -> None:
    """A colorbar of a log-scaled ``mappable``, labelled without mathtext."""
    bar = fig.colorbar(mappable, ax=ax, label=label)
    bar.ax.yaxis.set_major_formatter(_PlainLogFormatter())
    bar.ax.yaxis.set_minor_formatter(_PlainLogFormatter())


def _digits(result: object, counts: dict[str, np.ndarray]) -> Figure:
    if not isinstance(result, DistributionTests):
        raise TypeError(f"expected DistributionTests, got {type(result).__name__}")
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    leader = counts["leader"]
    for ax, codes, expected, title in (
        (axes[0], second_digit(leader), BENFORD_SECOND_DIGIT, "Leader: second digit vs Benford"),
        (axes[1], last_digit(leader), np.full(10, 0.1), "Leader: last digit vs uniform"),
    ):
        obs = np.bincount(codes[codes < 10], minlength=10)[:10]
        ax.bar(range(10), obs / max(obs.sum(), 1), color="#4477aa", label="observed")
        ax.plot(range(10), expected, "o-", color="#cc3311", label="expected")
        ax.set_xticks(range(10))
        ax.set_xlabel("digit")
        ax.set_ylabel("share of the leader's counts")
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=8)
    return fig


def _rozenas(result: object, _counts: dict[str, np.ndarray]) -> Figure:
    if not isinstance(result, SpikesResult):
        raise TypeError(f"expected SpikesResult, got {type(result).__name__}")
    fig, ax = plt.subplots(figsize=(9, 3.2))
    ax.plot(result.x, result.density, lw=0.6, color="#222222", label="observed density")
    ax.plot(result.x, result.envelope, lw=0.6, color="#ee7733", label="resampled envelope")
    spikes = result.spikes
    ax.plot(result.x[spikes], result.density[spikes], "v", ms=4, color="#cc3311", label="spikes")
    ax.set_xlabel("leader's share")
    ax.set_ylabel("density")
    # a fixed place: matplotlib's search for the "best" one over thousands of points can
    # take over a second on a busy machine, and warns that it does
    ax.legend(fontsize=8, loc="upper left")
    return fig


def _klimek(result: object, _counts: dict[str, np.ndarray]) -> Figure:
    if not isinstance(result, Fingerprint):
        raise TypeError(f"expected Fingerprint, got {type(result).__name__}")
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), layout="constrained")
    low, high = float(result.edges[0]) * 100, float(result.edges[-1]) * 100
    hist = np.where(result.histogram > 0, result.histogram, np.nan)
    # the bins are equal: one image draws them faster than a mesh of 10,000 cells
    image = axes[0].imshow(
        hist.T,
        origin="lower",
        extent=(low, high, low, high),
        cmap="viridis",
        norm="log",
        aspect="auto",
        interpolation="nearest",
    )
    _log_colorbar(fig, image, axes[0], "share of registered voters (log scale)")
    axes[0].set_xlabel("turnout, %")
    axes[0].set_ylabel("leader's share, %")
    axes[0].set_title("Voters by turnout and share", fontsize=10)
    axes[1].plot(result.cumulative_turnout * 100, result.cumulative_votes, color="#4477aa")
    axes[1].set_xlabel("turnout, %")
    axes[1].set_ylabel("cumulative share of leader's votes")
    axes[1].set_title("Leader's votes cast up to each turnout", fontsize=10)
    return fig


def _integer(result: object, _counts: dict[str, np.ndarray]) -> Figure:
    null = getattr(result, "null", None)
    observed = float(getattr(result, "observed", np.nan))
    fig, ax = plt.subplots(figsize=(9, 3.0))
    if isinstance(null, np.ndarray):
        ax.hist(null, bins=40, color="#bbbbbb", label="binomial null (Monte Carlo)")
    ax.axvline(observed, color="#cc3311", lw=2, label="observed")
    ax.set_xlabel("stations with an integer turnout or result")
    ax.set_ylabel("Monte Carlo resamples")
    ax.legend(fontsize=8)
    return fig


def _shpilkin(result: object, _counts: dict[str, np.ndarray]) -> Figure:
    if not isinstance(result, ShpilkinResult):
        raise TypeError(f"expected ShpilkinResult, got {type(result).__name__}")
    fig, ax = plt.subplots(figsize=(9, 3.2))
    centres = (result.edges[:-1] + result.edges[1:]) / 2
    ax.plot(centres, result.leader, color="#4477aa", label="leader's votes")
    ax.plot(centres, result.expected_leader, color="#ee7733", label="expected at the clean share")
    ax.plot(centres, result.others, color="#999999", label="other ballots")
    ax.axvline(result.peak_turnout, color="#222222", ls=":", label="clean peak")
    ax.set_xlabel("turnout, %")
    ax.set_ylabel("votes per 1 % of turnout")
    ax.legend(fontsize=8, loc="upper left")  # fixed, as Rozenas' (few votes at low turnout)
    return fig


def _mebane(result: object, _counts: dict[str, np.ndarray]) -> Figure:
    if not isinstance(result, MixtureOutcome):
        raise TypeError(f"expected MixtureOutcome, got {type(result).__name__}")
    fraud = result.fit.p_incremental + result.fit.p_extreme
    ok = np.isfinite(result.turnout) & np.isfinite(result.share) & np.isfinite(fraud)
    edges = np.linspace(0.0, 1.0, 101)
    cells = (result.turnout[ok], result.share[ok])
    stations, _, _ = np.histogram2d(*cells, bins=[edges, edges])
    summed, _, _ = np.histogram2d(*cells, bins=[edges, edges], weights=fraud[ok])
    with np.errstate(invalid="ignore"):
        mean = np.where(stations > 0, summed / np.maximum(stations, 1), np.nan)
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    image = ax.imshow(
        mean.T, origin="lower", extent=(0, 1, 0, 1), vmin=0, vmax=1, cmap="viridis", aspect="auto"
    )
    fig.colorbar(image, ax=ax, label="mean probability of a fraud class")
    ax.set_xlabel("turnout")
    ax.set_ylabel("leader's share")
    return fig


#: Figure builders by method key: (result, counts) → matplotlib Figure.
FIGURES: dict[str, Callable[[object, dict[str, np.ndarray]], Figure]] = {
    "klimek": _klimek,
    "mebane": _mebane,
    "integer": _integer,
    "shpilkin": _shpilkin,
    "digits": _digits,
    "rozenas": _rozenas,
}


def figure_uri(key: str, result: object, counts: dict[str, np.ndarray]) -> str | None:
    """The method's figure as a PNG data URI, or ``None`` if the method has no figure (or
    no result to draw, as a mixture that could not be fitted)."""
    builder = FIGURES.get(key)
    return None if builder is None or result is None else _uri(builder(result, counts))


def turnout_share_figure(turnout: np.ndarray, share: np.ndarray, flagged: np.ndarray) -> str:
    """2-D histogram of turnout × leader share with the flagged stations marked, as a URI."""
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    ok = np.isfinite(turnout) & np.isfinite(share)
    counts, _, _ = np.histogram2d(turnout[ok], share[ok], bins=100, range=[[0, 1], [0, 1]])
    # one image of the binned counts: a mesh of 10,000 cells draws the same, more slowly
    image = ax.imshow(
        np.ma.masked_less_equal(counts.T, 0),
        origin="lower",
        extent=(0, 1, 0, 1),
        cmap="Greys",
        norm="log",
        aspect="auto",
        interpolation="nearest",
    )
    _log_colorbar(fig, image, ax, "stations (log scale)")
    mark = ok & flagged
    ax.scatter(turnout[mark], share[mark], s=1, alpha=0.5, color="#cc3311", label="2+ flags")
    ax.set_xlabel("turnout")
    ax.set_ylabel("leader's share")
    ax.legend(fontsize=8, loc="lower right")
    return _uri(fig)
