"""A documentation tree converted on day one (issue 21: "the same checks run on a real documentation
tree you have not seen"): tests/realtree/convert_docfx.py turns a DocFX folder into kbgen's layout,
then ``kbgen check`` and ``kbgen build`` run on it. Whatever the tree holds: no traceback, every
problem at ``content/…:line`` with a line > 0 (never a cache path), exit status 0 or 1.

``test_a_docfx_tree_converted_on_day_one`` runs on a small DocFX tree written here with what real
DocFX pages carry (publishing metadata, ``<a name>`` headings, translation ``<span>`` tags, alerts,
``[!INCLUDE]``, ``includes/``, ``media/`` without its images). ``test_a_real_tree`` runs on a real
one when ``KBGEN_REALTREE`` names its DocFX folder (tests/realtree/README.md: which tree was measured,
and the problems counted per kind).
"""

from __future__ import annotations

import collections
import io
import os
import re
from pathlib import Path

import pytest

from kbgen.commands.build import BuildOptions, build
from kbgen.commands.check import CheckOptions, check
from kbgen.errors import Problem
from kbgen.exitcodes import ExitStatus

from .realtree.convert_docfx import convert, convert_article

ARTICLE = """\
---
title: Redefinir a senha do portal | Exemplo Docs
description: Como redefinir a senha do portal de serviços.
keywords: ''
author: equipe
ms.author: equipe
ms.date: 05/4/2018
ms.topic: article
searchScope:
- User help
ms.contentlocale: pt-BR
ms.locfileid: "43149999"
---
# <a name="reset-password"></a>Redefinir a senha do portal
Para redefinir a senha:
1. Abra o portal.@@
2. Selecione **Esqueci a senha**.

    ![Tela de redefinição](./media/redefinir.png)

> [!NOTE]
> A senha nova vale para todos os sistemas.

   [!INCLUDE [aviso](includes/aviso-senha.md)]

## <a name="next-steps"></a>Próximas etapas
Veja [como entrar no portal](entrar-no-portal.md).
""".replace("@@", "  ")  # a hard line break: two trailing spaces, built rather than typed

TRANSLATED = (
    "---\ntitle: Sincronizar o dispositivo | Exemplo Docs\ndescription: \nms.translationtype: HT\n---\n"
    '# <span data-ttu-id="1-102">Sincronizar o dispositivo</span>'
    '<span class="sxs-lookup"><span data-stu-id="1-102">Sync</span></span>\n'
    '<a id="sync" class="xliff"></a>\n\n'
    '1. <span data-ttu-id="1-106">Abra o aplicativo.</span>'
    '<span class="sxs-lookup"><span data-stu-id="1-106">Open the app.</span></span>\n\n'
    "<!--Old steps kept for the translators.-->\n\n"
    "Ainda precisa de ajuda? Consulte o [site do portal](https://portal.example.com).\n"
)

FRAGMENT = "  > [!IMPORTANT]\n  > Nunca compartilhe a sua senha.\n"

_PROBLEM_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): ")


def _docfx_tree(root: Path) -> Path:
    (root / "includes").mkdir(parents=True)
    (root / "media").mkdir()
    (root / "redefinir-a-senha.md").write_text(ARTICLE, encoding="utf-8")
    (root / "Sync-Device.md").write_text(TRANSLATED, encoding="utf-8")
    (root / "TOC.md").write_text("# [Redefinir](redefinir-a-senha.md)\n", encoding="utf-8")
    (root / "includes" / "aviso-senha.md").write_text(FRAGMENT, encoding="utf-8")
    return root


def _run(content: Path, work: Path) -> list[tuple[str, ExitStatus, list[Problem], str]]:
    """(command, exit status, problems, printed text) of kbgen check, then kbgen build."""
    runs: list[tuple[str, ExitStatus, list[Problem], str]] = []
    stream = io.StringIO()
    status, problems = check(CheckOptions(source=content, cache_dir=work / "cache"), stream)
    runs.append(("check", status, problems, stream.getvalue()))
    stream = io.StringIO()
    report = build(BuildOptions(source=content, out=work / "out", cache_dir=work / "cache"), stream)
    runs.append(("build", report.status, report.problems, stream.getvalue()))
    return runs


def _assert_located(runs: list[tuple[str, ExitStatus, list[Problem], str]], content: Path) -> None:
    for name, status, problems, output in runs:
        assert status in (ExitStatus.OK, ExitStatus.CONTENT_ERROR), (name, output)
        assert "Traceback" not in output and "cache/src" not in output and "/cache/" not in output, (name, output)
        for problem in problems:
            assert problem.path.startswith(f"{content.name}/") and problem.line > 0, (name, problem)
            assert (content.parent / problem.path).is_file(), (name, problem)
        for line in output.splitlines()[:-1]:  # the last line is the summary
            match = _PROBLEM_LINE.match(line)
            assert match and int(match["line"]) > 0 and match["path"].startswith(f"{content.name}/"), (name, line)


def _kinds(problems: list[Problem]) -> dict[str, int]:
    """Problems counted by kind: kbgen's code, else the message's first words."""
    counted: collections.Counter[str] = collections.Counter()
    for problem in problems:
        words = " ".join(re.sub(r"(?<![A-Za-z])'[^']*'", "…", problem.message).split()[:4])
        counted[f"{problem.severity.name.lower()} {problem.code}: {words}"] += 1
    return dict(sorted(counted.items()))


def test_the_converter_keeps_title_and_description_only() -> None:
    converted = convert_article(ARTICLE)
    assert converted.startswith("---\ntitle: Redefinir a senha do portal | Exemplo Docs\n"
                                "description: Como redefinir a senha do portal de serviços.\n---\n# <a name=")
    assert "ms." not in converted and "searchScope" not in converted
    assert convert_article(TRANSLATED).startswith("---\ntitle: Sincronizar o dispositivo | Exemplo Docs\n---\n")
    assert convert_article("# Sem front matter\n") == "# Sem front matter\n"


def test_a_docfx_tree_converted_on_day_one(tmp_path: Path) -> None:
    """Problems per kind on this tree (check; build reports the same errors, without lint warnings):
    HTML anchors 3, raw HTML 4 lines (one message a line), HTML comment 1, missing image 1,
    broken link 1, DocFX include 1, no description 1 (warning)."""
    content = tmp_path / "content"
    written = convert(_docfx_tree(tmp_path / "docfx"), content, "Portal", "suporte@example.org")
    assert sorted(written) == ["documentacao/artigos/redefinir-a-senha.md", "documentacao/artigos/sync-device.md"]
    assert (content / "_includes" / "aviso-senha.md").is_file()
    runs = _run(content, tmp_path)
    _assert_located(runs, content)
    _name, status, problems, output = runs[0]
    assert status == ExitStatus.CONTENT_ERROR, output
    article = "content/documentacao/artigos/redefinir-a-senha.md"
    translated = "content/documentacao/artigos/sync-device.md"
    expected = [
        (article, 5, "HTML anchor '<a name=\"reset-password\">' is raw HTML"),
        (article, 10, "image 'documentacao/artigos/media/redefinir.png' not found"),
        (article, 15, "is DocFX's include syntax, which Markdown reads as a link (the fragment's text would be "
                      "missing): write ```{include} /_includes/aviso-senha.md```"),
        (article, 17, "HTML anchor '<a name=\"next-steps\">' is raw HTML"),
        (article, 18, "broken link to 'entrar-no-portal.md'"),
        (translated, 2, "no 'description'"),
        (translated, 4, "raw HTML is not allowed in articles (found '<span data-ttu-id=\"1-102\">'); write Markdown "
                        "instead, or set 'allow_raw_html: true' in kb.yml for trusted authors (5 more on this line: "),
        (translated, 5, "HTML anchor '<a id=\"sync\" class=\"xliff\">' is raw HTML"),
        (translated, 7, "raw HTML is not allowed in articles (found '<span data-ttu-id=\"1-106\">')"),
        (translated, 9, "raw HTML is not allowed in articles (found '<!--Old steps kept for the translators.-->')"),
    ]
    for path, line, text in expected:
        assert any(p.path == path and p.line == line and text in p.message for p in problems), (path, line, text,
                                                                                               output)
    assert len(problems) == len(expected), output  # one message per line of translation tags
    assert "[!NOTE]" not in output and "IMPORTANT" not in output  # DocFX alerts are admonitions: nothing to say
    build_problems = runs[1][2]
    assert {(p.path, p.line) for p in build_problems} == {(p.path, p.line) for p in problems
                                                          if p.severity.name == "ERROR"}, runs[1][3]


@pytest.mark.skipif(not os.environ.get("KBGEN_REALTREE"), reason="KBGEN_REALTREE names no DocFX folder")
def test_a_real_tree(tmp_path: Path) -> None:
    """The tree tests/realtree/README.md names, or any DocFX folder: located problems, counted by kind."""
    content = tmp_path / "content"
    written = convert(Path(os.environ["KBGEN_REALTREE"]), content, "Documentação", "suporte@example.org")
    assert written
    runs = _run(content, tmp_path)
    _assert_located(runs, content)
    for name, status, problems, _output in runs:
        print(f"{name}: exit {int(status)}, {len(problems)} problems in {len(written)} articles")
        for kind, count in _kinds(problems).items():
            print(f"  {count:4d}  {kind}")
