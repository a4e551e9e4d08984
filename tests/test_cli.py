"""The command line: every exit status, --help, --version, kbgen new."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbgen import __version__
from kbgen.commands.new import new_article
from kbgen.commands.usage import UsageError
from kbgen.exitcodes import ExitStatus

from .conftest import SAMPLE, copy_site, kbgen


def test_version_and_help(tmp_path: Path) -> None:
    done = kbgen("--version", cwd=tmp_path)
    assert done.returncode == 0 and __version__ in done.stdout
    for command in ([], ["build"], ["check"], ["new"]):
        done = kbgen(*command, "--help", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "Exit status: 0 success; 1 content errors" in done.stdout


def test_build_ok_and_content_error(site: Path, tmp_path: Path) -> None:
    done = kbgen("build", "--source", str(site), cwd=tmp_path)
    assert done.returncode == ExitStatus.OK, done.stderr
    assert (tmp_path / "_build" / "html" / "index.html").is_file()
    (site / "fiscal" / "_set.yml").write_text("title: Fiscal\n", encoding="utf-8")
    done = kbgen("build", "--source", str(site), cwd=tmp_path)
    assert done.returncode == ExitStatus.CONTENT_ERROR
    assert "content/fiscal/_set.yml:1: missing required key 'email' in _set.yml" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_agrees_with_build(site: Path, tmp_path: Path) -> None:
    article = site / "fiscal" / "escrita-fiscal" / "como-declarar-sem-movimento.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n[x](nao-existe.md)\n", encoding="utf-8")
    checked = kbgen("check", "--source", str(site), cwd=tmp_path)
    built = kbgen("build", "--source", str(site), cwd=tmp_path)
    assert checked.returncode == built.returncode == ExitStatus.CONTENT_ERROR
    error = "como-declarar-sem-movimento.md:10: broken link to 'nao-existe.md'"
    assert error in checked.stderr and error in built.stderr
    github = kbgen("check", "--source", str(site), "--format", "github", cwd=tmp_path)
    assert "::error file=content/fiscal/escrita-fiscal/como-declarar-sem-movimento.md,line=10::" in github.stderr


def test_check_ok(site: Path, tmp_path: Path) -> None:
    done = kbgen("check", "--source", str(site), "--strict", cwd=tmp_path)
    assert done.returncode == ExitStatus.OK, done.stderr
    assert "no problems in 6 article(s)" in done.stderr
    assert not (tmp_path / "_build" / "html").exists()


@pytest.mark.parametrize("args, message", [
    (["build", "--source", "nao-existe"], "the content folder nao-existe does not exist"),
    (["build", "-j", "0"], "Invalid value for '-j'"),
    (["build", "--bogus"], "No such option '--bogus'"),
    (["build", "--out", "/"], "is the root folder"),
    (["build", "--out", "content"], "would replace the content folder"),
    (["build", "--out", "."], "would replace the content folder"),
    (["build", "--out", "content/saida"], "is inside the content folder"),
    (["build", "--out", "naovazia"], "is not empty and was not created by kbgen"),
    (["new", "fiscal", "Título"], "expected SET/MODULE"),
])
def test_usage_errors_exit_2(site: Path, args: list[str], message: str) -> None:
    work = site.parent
    (work / "naovazia").mkdir()
    (work / "naovazia" / "notas.txt").write_text("meu arquivo", encoding="utf-8")
    done = kbgen(*args, cwd=work)
    assert done.returncode == ExitStatus.USAGE_ERROR, (done.stdout, done.stderr)
    assert message in done.stderr
    assert (work / "naovazia" / "notas.txt").read_text(encoding="utf-8") == "meu arquivo"


def test_out_refuses_home_folder(site: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    done = kbgen("build", "--source", str(site), "--out", str(home), cwd=tmp_path, env={"HOME": str(home)})
    assert done.returncode == ExitStatus.USAGE_ERROR and "your home folder" in done.stderr


def test_out_accepts_a_previous_kbgen_output(site: Path, tmp_path: Path) -> None:
    assert kbgen("build", "--source", str(site), "--out", "site", cwd=tmp_path).returncode == 0
    assert kbgen("build", "--source", str(site), "--out", "site", cwd=tmp_path).returncode == 0
    assert (tmp_path / "site" / ".kbgen-site").is_file()


@pytest.mark.parametrize("sig, status", [(signal.SIGINT, ExitStatus.INTERRUPTED),
                                         (signal.SIGTERM, ExitStatus.TERMINATED)])
def test_signals_exit_status(tmp_path: Path, sig: signal.Signals, status: ExitStatus) -> None:
    source = copy_site(SAMPLE, tmp_path / "content")
    process = subprocess.Popen([sys.executable, "-m", "kbgen", "build", "--source", str(source)], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.2)  # inside Sphinx's read phase
    process.send_signal(sig)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    assert "the previous output was left as it was" in err
    assert "Traceback" not in err


def test_new_article_creates_module_and_never_overwrites(site: Path) -> None:
    path = new_article(site, "fiscal/certidoes", "Como emitir a certidão?")
    assert path == site / "fiscal" / "certidoes" / "como-emitir-a-certidao.md"
    module = (site / "fiscal" / "certidoes" / "_module.yml").read_text(encoding="utf-8")
    assert module.endswith("\ntitle: Certidoes\n")  # after a comment: made from the folder name (test_new.py)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Como emitir a certidão?\n")
    path.write_text(text + "meu texto\n", encoding="utf-8")
    with pytest.raises(UsageError, match="already exists"):
        new_article(site, "fiscal/certidoes", "Como emitir a certidão?")
    assert path.read_text(encoding="utf-8").endswith("meu texto\n")


def test_new_article_via_cli_builds(site: Path) -> None:
    done = kbgen("new", "rh/ferias", "Como solicitar férias?", "--source", str(site), cwd=site.parent)
    assert done.returncode == 0, done.stderr
    assert (site / "rh" / "ferias" / "como-solicitar-ferias.md").is_file()
    assert kbgen("build", "--source", str(site), "--strict", cwd=site.parent).returncode == 0


@pytest.mark.parametrize("target, title, message", [
    ("nao-existe/modulo", "Título", "the set 'nao-existe' does not exist"),
    ("fiscal/_privado", "Título", "names starting with '_'"),
    ("fiscal/escrita-fiscal", "Índex", "the title gives the file name 'index'"),
    ("fiscal/escrita-fiscal", "???", "no letters or digits"),
])
def test_new_article_refusals(site: Path, target: str, title: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        new_article(site, target, title)


def test_environment_is_not_needed_for_python_m(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL")}
    done = subprocess.run([sys.executable, "-m", "kbgen", "--version"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
