"""The quick-count statement carries the figures of ``majlis pvt compare`` in every language."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape
from typer.testing import CliRunner

from majlis import i18n, pvt, results, store, synth
from majlis.cli import app
from majlis.results import Source
from majlis.synth import Irregularities, SynthSpec, synthesize

E = synth.KZ_2021.election
SYNTH = SynthSpec(
    stations=300,
    territorials=20,
    seed=9,
    irregularities=Irregularities(stuffing_share=0.3, stuffing_intensity=0.9),
)
#: A heading and the verdict (the count is stuffed) of the statement in each language.
WORDS = {
    "en": ("Statement of the quick count", "not consistent with the quick count at 99%."),
    "ru": ("Заявление о результатах параллельного подсчёта", "не согласуется с параллельным"),
    "kk": ("Дауыстарды параллель санау нәтижелері", "сәйкес келмейді"),
}


@pytest.fixture(scope="module")
def env(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A stuffed synthetic election with a stored sample and 90 of its 100 stations reported."""
    path = tmp_path_factory.mktemp("statement") / "majlis.sqlite3"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    election = synthesize(SYNTH)
    engine = store.make_engine(url)
    with store.session_factory(engine)() as session:
        with session.begin():
            synth.store_synthetic(session, election)
        plan = pvt.plan_sample(
            session, E, margin=0.02, confidence=0.95, seed_text="CEC No. 17", stations=100
        )
        pvt.store_sample(session, plan, designed_by="coordinator")
        for code in plan.stations[:90]:
            truth = election.truth.protocol(election.truth.station.index(code))
            copy = dataclasses.replace(
                truth, source=Source.OBSERVER, observer="obs", evidence_sha256="b" * 64
            )
            results.record_protocol(session, copy, entered_by="o")
        session.commit()
    engine.dispose()
    return {"MAJLIS_DATABASE_URL": url}


def _run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_statement_has_the_figures_of_pvt_compare(
    env: dict[str, str], tmp_path: Path, lang: str
) -> None:
    """The HTML names the sample's digest, each list's estimate and official share as the
    comparison computes them (written the language's way), the verdict and the seats."""
    compare = json.loads(_run(env, "pvt", "compare", "-e", E, "--draws", "500", "--format", "json"))
    design = json.loads(_run(env, "pvt", "status", "-e", E, "--format", "json"))
    page = tmp_path / f"statement-{lang}.html"
    _run(env, "--lang", lang, "report", "pvt", "-e", E, "--html", str(page), "--draws", "500")
    html = page.read_text(encoding="utf-8")
    heading, verdict = WORDS[lang]
    assert f'<html lang="{lang}">' in html
    assert heading in html
    assert verdict in html
    assert design["sample_sha256"] in html
    with i18n.using(lang):
        for row in compare["lists"]:
            cells = re.escape(i18n.fmt_pct(row["estimate"])) + r"</td><td class=\"n\">"
            cells += re.escape(i18n.fmt_pct(row["official"]))
            name = re.escape(str(escape(row["name"])))
            assert re.search(rf"<td>{name}</td><td class=\"n\">{cells}", html), row
    outside = [s for s in compare["seats"] if not s["inside99"]]
    assert outside
    for seats in outside:
        span = "–".join(str(x) for x in seats["range99"])
        name = re.escape(str(escape(seats["name"])))
        assert re.search(rf"{name}\S* {seats['official']} .*\({span}\)", html), seats


def test_statement_as_pdf(env: dict[str, str], tmp_path: Path) -> None:
    """The PDF (A4, Kazakh) has the verdict and the sample's digest in its text."""
    pytest.importorskip("weasyprint", reason="the PDF needs WeasyPrint (extra 'pdf')")
    pypdf = pytest.importorskip("pypdf")
    pdf = tmp_path / "statement.pdf"
    _run(env, "--lang", "kk", "report", "pvt", "-e", E, "--pdf", str(pdf), "--draws", "500")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    sha = json.loads(_run(env, "pvt", "status", "-e", E, "--format", "json"))["sample_sha256"]
    assert sha in text.replace("\n", "")
    assert "сәйкес келмейді" in " ".join(text.split())


def test_statement_refuses_without_a_sample_or_a_target(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """No sample: exit 2 naming ``majlis pvt design``; no --pdf/--html: exit 2."""
    path = tmp_path / "empty.sqlite3"
    shutil.copyfile(sqlite_template, path)
    env = {"MAJLIS_DATABASE_URL": f"sqlite:///{path}"}
    out = CliRunner().invoke(
        app, ["report", "pvt", "-e", E, "--html", str(tmp_path / "s.html")], env=env
    )
    assert out.exit_code == 2
    assert "majlis pvt design" in out.output
    assert "Traceback" not in out.output
    out = CliRunner().invoke(app, ["report", "pvt", "-e", E], env=env)
    assert out.exit_code == 2
    assert "--pdf" in out.output
