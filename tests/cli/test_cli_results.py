"""The results commands end to end on both databases: synth, check, resolve, tabulate, export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from majlis import store
from majlis.cli import app


@pytest.fixture
def run(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner on a fresh migrated database, with a wide terminal."""
    monkeypatch.setenv("MAJLIS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def test_synth_resolve_tabulate_seats_export(run: CliRunner, tmp_path: Path) -> None:
    """Synth → resolve the differing entries → tabulate → 76/12/10 seats → export."""
    out = run.invoke(
        app,
        [
            "synth",
            str(tmp_path / "synth"),
            "--stations",
            "300",
            "--seed",
            "2",
            "--observer-share",
            "0.1",
            "--stuffing",
            "0.02",
            "--store",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "awaiting resolution" in out.output
    pending = out.output.split("resolution (")[1].split(")")[0].split(", ")
    tabulate = ["tabulate", "-e", "kz-majlis-2021", "--ruleset", "kz-majlis-2009"]
    early = run.invoke(app, [*tabulate, "--format", "table"])
    assert early.exit_code == 0, early.output
    assert (
        f"PROVISIONAL: {300 - len(pending)} of 300 stations final; {len(pending)} await "
        "resolution, 0 missing." in early.output
    )
    assert "(PROVISIONAL)" in early.output
    truth = pl.read_csv(
        tmp_path / "synth" / "protocols-official.csv", schema_overrides={"station": pl.String}
    )
    for code in pending:
        shown = run.invoke(app, ["protocols", "show", code, "-e", "kz-majlis-2021"])
        assert "Entry differences" in shown.output, shown.output
        assert "not final" in shown.output
        row = truth.filter(pl.col("station") == code).row(0, named=True)
        sets = []
        for line in shown.output.splitlines():
            cells = [c.strip() for c in line.split("│") if c.strip()]
            if len(cells) == 4 and cells[0] in row and cells[0] != "field":
                sets += ["--set", f"{cells[0]}={row[cells[0]]}"]
        done = run.invoke(
            app,
            [
                "protocols",
                "resolve",
                code,
                "-e",
                "kz-majlis-2021",
                "--by",
                "A. Chair",
                *sets,
                "--note",
                "paper protocol",
            ],
        )
        assert done.exit_code == 0, done.output
        assert "final by resolution" in done.output
    tab = run.invoke(app, ["tabulate", "-e", "kz-majlis-2021", "--ruleset", "kz-majlis-2009"])
    assert tab.exit_code == 0, tab.output
    assert "5,148,074" in tab.output
    assert "Final: all 300 stations have a final protocol." in tab.output
    assert "PROVISIONAL" not in tab.output
    seats = {  # piped: the seats table is (list, votes, seats) tab-separated
        cells[0]: cells[2]
        for line in tab.output.splitlines()
        if len(cells := line.split("\t")) == 3
    }
    assert (seats["Nur Otan"], seats["Ak Zhol"], seats["People's Party of Kazakhstan"]) == (
        "76",
        "12",
        "10",
    )
    disc = run.invoke(app, ["discrepancies", "-e", "kz-majlis-2021"])
    assert disc.exit_code == 0, disc.output
    assert "observer observer-" in disc.output
    exported = run.invoke(
        app, ["export", "stations", str(tmp_path / "open"), "-e", "kz-majlis-2021"]
    )
    assert exported.exit_code == 0, exported.output
    frame = pl.read_parquet(tmp_path / "open" / "stations-kz-majlis-2021.parquet")
    assert frame.height == 300
    assert int(frame["invalid"].sum()) == 297_718


def test_import_rejects_malformed_and_corrects(
    run: CliRunner, tmp_path: Path, database_url: str, count_election: Any
) -> None:
    """A malformed file exits 2 naming row and field; a correction needs a reason."""
    assert (
        run.invoke(
            app,
            [
                "synth",
                str(tmp_path),
                "--stations",
                "250",
                "--no-double-entry",
                "--observer-share",
                "0",
                "--store",
            ],
        ).exit_code
        == 0
    )
    frame = pl.read_csv(tmp_path / "protocols-official.csv", infer_schema_length=0)
    frame = frame.with_columns(pl.lit("kz-test").alias("election"))
    bad = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 2)
        .then(pl.lit("x"))
        .otherwise(pl.col("valid"))
        .alias("valid")
    )
    bad.write_csv(tmp_path / "bad.csv")
    failed = run.invoke(app, ["protocols", "import", str(tmp_path / "bad.csv")])
    assert failed.exit_code == 2
    assert "row 3, field 'valid': not a non-negative integer" in failed.output
    frame.write_csv(tmp_path / "good.csv")
    unknown = run.invoke(app, ["protocols", "import", str(tmp_path / "good.csv")])
    assert unknown.exit_code == 2
    assert "no election 'kz-test'" in unknown.output
    lists = tuple(c.removeprefix("votes.") for c in frame.columns if c.startswith("votes."))
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        count_election(session, "kz-test", lists)
    engine.dispose()
    ok = run.invoke(app, ["protocols", "import", str(tmp_path / "good.csv")])
    assert ok.exit_code == 0, ok.output
    assert "250 stored, 250 final" in ok.output
    check = run.invoke(app, ["protocols", "check", "-e", "kz-test"])
    assert "0 protocols cannot be final" in check.output
    station = frame["station"][0]
    broken = run.invoke(
        app,
        [
            "protocols",
            "correct",
            station,
            "-e",
            "kz-test",
            "--by",
            "chair",
            "--reason",
            "typo",
            "--set",
            "valid=1",
        ],
    )
    assert broken.exit_code == 0, broken.output
    assert "not final" in broken.output
    assert "B=N+Vd" in broken.output


_WORDED = {
    "ru": {
        "check": ["Проверка 68 протоколов", "протоколов не могут стать окончательными"],
        "show": ["Версии (только добавляются)", "Расхождения вводов", "не окончательный"],
        "resolve": ["окончательный (разрешение расхождений), версия"],
        "import": ["сохранено: 60, окончательных: 60", "Проверки"],
        "correct": ["записана версия 2 (официальный)", "нарушено B = N + Vd", "Замечания"],
    },
    "kk": {
        "check": ["68 хаттаманы тексеру", "түпкілікті бола алмайды (қателер)"],
        "show": ["Нұсқалар (тек қосылады)", "Енгізулер арасындағы айырмалар", "түпкілікті емес"],
        "resolve": ["учаскесі: түпкілікті (айырмаларды шешу), 1-нұсқа"],
        "import": ["сақталды: 60, түпкілікті: 60", "Тексерулер"],
        "correct": ["2-нұсқа жазылды (ресми)", "B = N + Vd бұзылған", "Ескертулер"],
    },
}
_ENGLISH = (
    "Checks of",
    "cannot be final",
    "Versions (",
    "Entry differences",
    "not final",
    "final by",
    "stored,",
    " recorded, hash",
    " broken:",
    "Findings",
    "severity",
)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_protocols_commands_in_each_language(
    run: CliRunner, tmp_path: Path, count_election: Any, database_url: str, lang: str
) -> None:
    """check, show, resolve, import and correct speak the language; no English template leaks."""
    synth = ["synth", str(tmp_path / "s"), "--stations", "80", "--seed", "3", "--store"]
    out = run.invoke(app, [*synth, "--observer-share", "0"])
    assert out.exit_code == 0, out.output
    pending = out.output.split("resolution (")[1].split(")")[0].split(", ")
    said: dict[str, Any] = {}
    said["check"] = run.invoke(app, ["--lang", lang, "protocols", "check", "-e", "kz-majlis-2021"])
    said["show"] = run.invoke(
        app, ["--lang", lang, "protocols", "show", pending[0], "-e", "kz-majlis-2021"]
    )
    truth = pl.read_csv(tmp_path / "s" / "protocols-official.csv", infer_schema_length=0)
    row = truth.filter(pl.col("station") == pending[0]).row(0, named=True)
    sets = []
    for line in said["show"].output.splitlines():
        cells = [c.strip() for c in line.split("│") if c.strip()]
        if len(cells) == 4 and cells[0] in row:
            sets += ["--set", f"{cells[0]}={row[cells[0]]}"]
    resolve = ["protocols", "resolve", pending[0], "-e", "kz-majlis-2021", "--by", "chair"]
    refused = {
        "ru": ["два ввода расходятся, нужно разрешить расхождения:", ": ввод 1 = "],
        "kk": ["екі енгізу сәйкес келмейді, айырмаларды шешу қажет:", ": 1-енгізу = "],
    }
    unresolved = run.invoke(app, ["--lang", lang, *resolve])
    assert unresolved.exit_code != 0
    for text in refused[lang]:
        assert text in unresolved.output, unresolved.output
    nowhere = ["protocols", "show", "nowhere", "-e", "kz-majlis-2021"]
    unknown = run.invoke(app, ["--lang", lang, *nowhere])
    assert unknown.exit_code != 0
    said_unknown = {
        "ru": "нет избирательного участка «nowhere»",
        "kk": "«nowhere» сайлау учаскесі жоқ",
    }
    assert said_unknown[lang] in unknown.output
    fix = ["-e", "kz-majlis-2021", "--by", "c", "--reason", "r", "--source", "observer"]
    unknown = run.invoke(app, ["--lang", lang, "protocols", "correct", pending[0], *fix])
    assert unknown.exit_code != 0
    said_none = {"ru": "(источник: наблюдатель)", "kk": "(дереккөз: байқаушы)"}
    assert said_none[lang] in unknown.output
    said["resolve"] = run.invoke(app, ["--lang", lang, *resolve, *sets])
    frame = pl.read_csv(tmp_path / "s" / "protocols-official.csv", infer_schema_length=0)
    frame = frame.head(60).with_columns(pl.lit("kz-lang").alias("election"))
    frame.write_csv(tmp_path / "lang.csv")
    lists = tuple(c.removeprefix("votes.") for c in frame.columns if c.startswith("votes."))
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        count_election(session, "kz-lang", lists)
    engine.dispose()
    said["import"] = run.invoke(
        app, ["--lang", lang, "protocols", "import", str(tmp_path / "lang.csv")]
    )
    fix = ["--by", "chair", "--reason", "typo", "--set", "valid=1"]
    said["correct"] = run.invoke(
        app, ["--lang", lang, "protocols", "correct", frame["station"][0], "-e", "kz-lang", *fix]
    )
    for command, result in said.items():
        assert result.exit_code == 0, (command, result.output)
        for text in _WORDED[lang][command]:
            assert text in result.output, (command, text, result.output)
        for english in _ENGLISH:
            assert english not in result.output, (command, english, result.output)
