"""The audit service: loading tables, running every method, the HTML report, the Dask batch."""

from __future__ import annotations

from pathlib import Path

import markupsafe
import numpy as np
import polars as pl
import pytest
from distributed import LocalCluster

from majlis import datasets
from majlis.errors import InputError, NotFoundError
from majlis.report import (
    Audit,
    AuditOptions,
    AuditRecord,
    AuditTable,
    audit_batch,
    audit_table,
    load_mapping,
    load_station_table,
    render_html,
)

FAST = AuditOptions(seed=3, resamples=50, spike_resamples=20)


@pytest.fixture(scope="module")
def albania(shared_data: Path) -> AuditTable:
    """Albania 2013 through its preset, recognised from the path."""
    return load_station_table(shared_data / "albania-2013-eftoolkit" / "Albania2013.csv")


@pytest.fixture(scope="module")
def audit(albania: AuditTable) -> Audit:
    """One fast audit of Albania 2013."""
    return audit_table(albania, options=FAST)


def _parts(table: AuditTable) -> list[AuditTable]:
    """Two small prefectures as two elections (keeps six audits fast)."""
    return [
        AuditTable(region, table.frame.filter(pl.col("region") == region), table.leader)
        for region in ("KUKES", "GJIROKASTER")
    ]


def _same(a: Audit, b: Audit) -> None:
    assert a.name == b.name
    for x, y in zip(a.methods, b.methods, strict=True):
        assert x.numbers == y.numbers
    for name, flags in a.flags.flags.items():
        assert np.array_equal(flags, b.flags.flags[name])


def test_preset_is_recognised_from_the_path(albania: AuditTable) -> None:
    """The Albania file maps to the standard columns with its leading list."""
    assert albania.frame.height == 5508
    assert albania.leader == "C035"
    assert {"registered", "ballots_cast", "leader", "region", "territory"} <= set(
        albania.frame.columns
    )


def test_preset_turnout_numerator_and_evoting(shared_data: Path) -> None:
    """Poland's audit turnout is valid cards (PKW's 68.18 %, station 022308/2: 75 not 12);
    Russia 2021's 33 remote e-voting pseudo-stations are left out."""
    poland = load_station_table(
        shared_data / "poland-2020-pkw" / "round2_wyniki_gl_na_kand_po_obwodach_csv.zip"
    )
    frame = poland.frame
    assert round(frame["ballots_issued"].sum() / frame["registered"].sum() * 100, 2) == 68.18
    row = frame.filter(pl.col("station") == "022308/2").row(0, named=True)
    assert row["ballots_issued"] == 75.0
    source = datasets.fetch_russia(2021, data_home=shared_data)
    russia = load_station_table(shared_data / "russia-kobak" / source.source.filename)
    assert russia.frame.height == source.frame.height - 33


def test_mapping_options_and_toml(tmp_path: Path) -> None:
    """A CSV is mapped by a TOML file; a missing column is an error naming it."""
    csv = tmp_path / "votes.csv"
    csv.write_text("reg;cast;a;dist\n1000;600;300;x\n800;500;260;y\n", encoding="utf-8")
    toml = tmp_path / "map.toml"
    toml.write_text(
        'name = "Test"\n[columns]\nregistered = "reg"\nballots_cast = "cast"\nleader = "a"\n'
        'region = "dist"\n',
        encoding="utf-8",
    )
    columns, name = load_mapping(toml)
    table = load_station_table(csv, mapping=columns, name=name)
    assert table.name == "Test"
    assert table.frame["leader"].to_list() == [300.0, 260.0]
    with pytest.raises(InputError, match="'valid' column"):
        load_station_table(csv, mapping={**columns, "valid": "nope"})
    with pytest.raises(InputError, match="mapping"):
        load_station_table(csv)
    with pytest.raises(NotFoundError):
        load_station_table(tmp_path / "missing.csv", mapping=columns)


def test_every_method_reports(audit: Audit) -> None:
    """Each method gives a headline, numbers and a paragraph; flags cover every station."""
    assert [m.key for m in audit.methods] == [
        "klimek",
        "mebane",
        "integer",
        "shpilkin",
        "digits",
        "rozenas",
    ]
    for method in audit.methods:
        assert method.headline
        assert method.numbers
        assert "prove" in method.explanation or "proof" in method.explanation
    assert audit.stations == 5508
    assert len(audit.flags.score) == 5508
    assert "rozenas_spike" in audit.flags.flags


def test_digit_tests_skip_small_units_and_list_every_unit(audit: Audit) -> None:
    """Regions and territories under 20 stations get no digit rows; the per-unit table has
    one row per tested unit × target, and the report names its territories properly."""
    digits = next(m for m in audit.methods if m.key == "digits")
    header, *rows = digits.table
    assert header[:4] == ("level", "unit", "target", "stations")
    sizes = audit.frame.group_by("territory").len()
    big = sizes.filter(pl.col("len") >= 20).height
    assert 0 < big < sizes.height  # Albania has communes both above and below 20 stations
    assert sum(r[0] == "territory" for r in rows) == 2 * big
    assert all(int(r[3]) >= 20 for r in rows if r[0] != "national")
    labels = [label for label, _ in digits.numbers]
    assert any(label.startswith("territories (≥ 20 stations)") for label in labels)
    assert not any("territorys" in label for label in labels)


def test_flagged_stations_have_counts_and_a_reason(audit: Audit) -> None:
    """Every flagged station carries its counts and a plain reason; a negative z says that
    the territory may be the inflated side."""
    record = AuditRecord.from_audit(audit, figures=False)
    assert record.flagged
    for f in record.flagged:
        assert f.registered is not None
        assert f.ballots_cast is not None
        assert f.reason
    below = [f for f in record.flagged if "turnout_outlier" in f.flags and (f.turnout_z or 0) < 0]
    assert below
    assert "far below the rest of its territory" in below[0].reason
    assert "inflated" in below[0].reason
    html = render_html(record, top=len(record.flagged))
    assert "unit-table-digits" in html
    assert below[0].reason.split(":")[0] in html


def test_html_report_has_sections_figures_and_stations(audit: Audit) -> None:
    """The report embeds one figure per method plus the scatter, and lists flagged stations."""
    html = render_html(audit, top=10)
    assert html.count("data:image/png;base64,") == len(audit.methods) + 1
    for method in audit.methods:
        assert str(markupsafe.escape(method.title)) in html
    assert "Stations with the most flags (top 10)" in html


def test_batch_equals_serial_run(albania: AuditTable) -> None:
    """Dask (synchronous and a local cluster) gives exactly the serial results, in order."""
    tables = _parts(albania)
    serial = [audit_table(t, options=FAST) for t in tables]
    synchronous = audit_batch(tables, options=FAST, scheduler="synchronous")
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        distributed = audit_batch(tables, options=FAST, scheduler=cluster.scheduler_address)
    for one, two, three in zip(serial, synchronous, distributed, strict=True):
        _same(one, two)
        _same(one, three)


def test_rozenas_interval_is_reported_when_asked(albania: AuditTable) -> None:
    """With spike_draws the Rozenas section adds the posterior mean and interval; a
    negative number of draws is refused by name."""
    options = AuditOptions(seed=3, resamples=50, spike_resamples=20, spike_draws=3)
    audit = audit_table(albania, options=options, methods=("rozenas",))
    (rozenas,) = audit.methods
    labels = [label for label, _ in rozenas.numbers]
    assert "posterior mean and 95% interval (3 draws)" in labels
    with pytest.raises(InputError, match="spike_draws"):
        AuditOptions(spike_draws=-1)


def test_too_few_stations_for_the_mixture_still_render(albania: AuditTable) -> None:
    """Under 50 stations the mixture is not fitted: it says so, is not judged, and the
    report renders without its figure."""
    small = AuditTable("tiny", albania.frame.head(30), albania.leader)
    audit = audit_table(small, options=FAST, methods=("mebane",))
    (mixture,) = audit.methods
    assert mixture.signal is None
    assert mixture.headline.startswith("not fitted")
    html = render_html(audit, top=5)
    assert str(markupsafe.escape(mixture.title)) in html
