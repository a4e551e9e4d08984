"""``kbgen import markdown`` on what real Docusaurus and MkDocs projects write (issue 23: trees "nobody here
wrote"). tests/fixtures/mdtrees-real/ (its README names each page's source): Docusaurus pages with
``<Tabs>`` in every form found in public docs (one-line ``values={[…]}``, an exported array, attributes
over several lines, indented tabs, ``label``/``default``, tabs in ``<details>``), multi-line MDX
``import``/``export``, ``mdx-code-block`` fences, ``slug:``/``id:``, number prefixes and a
``routeBasePath``; an MkDocs project whose ``nav:`` orders the pages, with ``!ENV`` and ``!!python/name``
tags, an external link, a missing page and a page it leaves out. One import and one --strict build each."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.importers.markdown.blocks import BlockConverter, BlockHooks
from kbgen.importers.markdown.inline import InlineHooks
from kbgen.importers.markdown.jsx import attributes, tag_end
from kbgen.importers.report import REPORT_NAME, ArticleReport

from .conftest import FIXTURES, build_copies

REAL = FIXTURES / "mdtrees-real"
EMAIL = "atendimento@prefeitura.example.gov.br"
_TAB_LABEL = re.compile(r'<label [^>]*class="sd-tab-label"[^>]*>\s*(.*?)\s*</label>', re.S)
_CHECKED = re.compile(r'<input checked="checked" id="(sd-tab-item-\d+)"')


def _import(source: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", "markdown", str(source), "--out", str(out), "--email", EMAIL,
                                       *extra], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _front(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(data, dict)
    return data


def _yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for flavour in ("docusaurus", "mkdocs"):
        out = tmp_path_factory.mktemp(f"real-{flavour}") / "content"
        status, stdout, stderr = _import(REAL / flavour, out)
        assert status == 0, stderr
        assert "7 articles imported" in stdout
        folders[flavour] = out
    return folders


@pytest.fixture(scope="module")
def built(imported: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_copies(imported, tmp_path_factory, "real")  # --strict, no warning


def _tabs(page: str) -> list[list[str]]:
    """Each tab set's labels, the one shown first marked with '*'."""
    sets = []
    for chunk in page.split('class="sd-tab-set')[1:]:
        checked = set(_CHECKED.findall(chunk))
        labels = []
        for match in re.finditer(r'<input (?:checked="checked" )?id="(sd-tab-item-\d+)".*?<label [^>]*>\s*(.*?)\s*'
                                 r'</label>', chunk, re.S):
            labels.append(("*" if match[1] in checked else "") + re.sub(r"<[^>]+>", "", match[2]).strip())
        sets.append(labels)
    return sets


# --- Docusaurus -------------------------------------------------------------------------------------------

def test_every_form_of_docusaurus_tabs_becomes_a_tab_set(imported: dict[str, Path], built: dict[str, Path]) -> None:
    site = built["docusaurus"]

    def read(name: str) -> str:
        return (site / f"{name}.html").read_text(encoding="utf-8")
    # one line of values={[…]}, labels from it; blank lines and code in each tab
    assert _tabs(read("instalacao/geral/trace")) == [["*npm", "yarn", "pnpm"]]
    # values={jsManagers}: the array the page exports over four lines; defaultValue is the first tab
    assert _tabs(read("instalacao/geral/flayyer")) == [["*Yarn", "NPM"]]
    # attributes over seven lines ("]\n}>"); a second set, inside <details>, selects its defaultValue
    assert _tabs(read("instalacao/geral/webdriverio")) == [["*NPM", "Yarn", "pnpm"], ["npm", "*Yarn"]]
    # label= with default; then value-only tabs on one line each, labelled by values={[…]}
    assert _tabs(read("guias/geral/abas")) == [["Apple", "*Orange", "Banana"], ["*Apple", "Orange", "Banana"]]
    # tabs indented by one and two spaces, an indented code fence
    assert _tabs(read("guias/geral/sass")) == [["*npm", "yarn"]]
    for article in imported["docusaurus"].glob("*/*/*.md"):
        body = article.read_text(encoding="utf-8").split("---\n", 2)[2]
        outside_code = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", body, flags=re.S))
        assert "<Tabs" not in outside_code and "TabItem" not in outside_code, article
        assert not re.search(r"^(import|export) ", body, re.M), article


def test_tab_bodies_keep_their_markdown(imported: dict[str, Path]) -> None:
    wdio = (imported["docusaurus"] / "instalacao/geral/webdriverio.md").read_text(encoding="utf-8")
    assert ":::{tab-item} NPM\n```sh\nnpm init wdio .\n```\n\nor if you want to create a new project:\n" in wdio
    sass = (imported["docusaurus"] / "guias/geral/sass.md").read_text(encoding="utf-8")
    assert ":::{tab-item} npm\n```\nnpm install sass\n```\n:::" in sass  # dedented: not indented code
    abas = (imported["docusaurus"] / "guias/geral/abas.md").read_text(encoding="utf-8")
    assert "```jsx\n<Tabs>\n" not in abas and "```text\n<Tabs>\n" in abas  # a code sample stays code


def test_mdx_statements_are_dropped_and_reported(imported: dict[str, Path]) -> None:
    report = (imported["docusaurus"] / REPORT_NAME).read_text(encoding="utf-8")
    assert "- the MDX line 'import {' (and 3 more lines) (JSX components are not Markdown)" in report
    assert "- the MDX line 'export default function Layout({children}) {' (and 2 more lines)" in report
    assert "- the MDX line 'export const jsManagers = [' (and 3 more lines)" in report
    assert "Docusaurus' mdx-code-block fence → its content read as the page's" in report
    assert "the <Tabs> attribute groupId: kbgen's tabs are not kept in step" in report
    intro = (imported["docusaurus"] / "comecar/geral/intro.md").read_text(encoding="utf-8")
    assert "Highlight" not in intro and "layout" not in intro and "Depois da importação, só este texto fica." in intro


def test_slug_id_and_number_prefixes_become_aliases(imported: dict[str, Path], built: dict[str, Path]) -> None:
    content = imported["docusaurus"]
    expected = {
        "guias/geral/abas.md": "ajuda/markdown-features/tabs",  # slug: /… from routeBasePath ('/ajuda')
        "guias/geral/sass.md": "ajuda/guias/sass",  # slug: … from the page's folder
        "instalacao/geral/trace.md": "ajuda/instalacao/trace-viewer-intro",  # id: replaces the file's name
        "comecar/geral/intro.md": "ajuda/comecar/intro",  # number prefixes: not in the address, nor the names
        "instalacao/geral/webdriverio.md": "ajuda/instalacao/webdriverio",
    }
    for article, alias in expected.items():
        assert _front(content / article)["aliases"] == [alias], article
        assert (built["docusaurus"] / alias / "index.html").is_file()
    # two pages with one slug: the first keeps it, the second is reported (never two articles for one address)
    assert "aliases" not in _front(content / "guias/geral/outra-aba.md")
    report = (content / REPORT_NAME).read_text(encoding="utf-8")
    assert ("the old address ajuda/markdown-features/tabs is also guias/abas.mdx's (the same slug: or id:): it "
            "leads to guias/abas.mdx only") in report
    assert "front matter keys kbgen does not use: id" not in report and "slug" not in report.split("Dropped")[-1]


@pytest.mark.parametrize(("text", "end"), [('<Tabs values={[{a: "x>y"}]}>', 27), ("<Tabs\n  a='>'\n>", 14),
                                          ("<Tabs a={{b: 1}}", -1)])
def test_a_tag_ends_at_its_own_bracket(text: str, end: int) -> None:
    assert tag_end(text, 5) == end


def test_jsx_attributes() -> None:
    assert attributes(' value="apple" label=\'Maçã\' default lazy={true} values={[{label: "A", value: "a"}]}') == {
        "value": "apple", "label": "Maçã", "default": True, "lazy": "true", "values": '[{label: "A", value: "a"}]'}


# --- MkDocs ---------------------------------------------------------------------------------------------

def test_the_nav_orders_sets_modules_and_articles(imported: dict[str, Path], built: dict[str, Path]) -> None:
    content = imported["mkdocs"]
    assert [_yaml(content / s / "_set.yml")["order"] for s in ("geral", "educacao", "saude")] == [1, 2, 3]
    assert _yaml(content / "saude/geral/_module.yml")["order"] == 1
    assert _yaml(content / "saude/agendamento/_module.yml")["order"] == 2
    assert _front(content / "saude/agendamento/marcar.md")["order"] == 1
    assert _front(content / "saude/agendamento/cancelar.md")["order"] == 2
    assert _front(content / "saude/geral/saude.md")["order"] == 1
    assert _front(content / "saude/geral/vacinacao.md")["order"] == 2
    assert _front(content / "educacao/geral/transporte.md")["order"] == 2  # not in the nav: after matricula
    home = (built["mkdocs"] / "index.html").read_text(encoding="utf-8")
    assert home.index('href="educacao/index.html"') < home.index('href="saude/index.html"')  # not the names' order
    # a nav section holding one set's or one module's pages names it (folder names have no accents)
    assert _yaml(content / "educacao/_set.yml")["title"] == "Educação"
    assert _yaml(content / "saude/agendamento/_module.yml")["title"] == "Agendamento"
    assert "the set educacao is titled 'Educação', as mkdocs.yml's nav names it (was 'Educacao')" in \
        (content / REPORT_NAME).read_text(encoding="utf-8")


def test_what_the_nav_cannot_place_is_reported(imported: dict[str, Path]) -> None:
    report = (imported["mkdocs"] / REPORT_NAME).read_text(encoding="utf-8")
    assert ("mkdocs.yml nav: 'Calendário antigo': saude/calendario-2019.md (no such page in the docs folder): "
            "skipped") in report
    assert "mkdocs.yml nav: 'Portal do cidadão': https://portal.example.gov.br/ (an external link" in report
    assert "mkdocs.yml nav: educacao/transporte.md is not in the nav: it comes after the pages the nav lists" in report


def test_an_unreadable_mkdocs_yml_leaves_the_order_alone(tmp_path: Path) -> None:
    tree = shutil.copytree(REAL / "mkdocs", tmp_path / "tree")
    (tree / "mkdocs.yml").write_text("site_name: x\nnav:\n  - a: [\n", encoding="utf-8")
    status, _, stderr = _import(tree, tmp_path / "out")
    assert status == 0, stderr
    report = (tmp_path / "out" / REPORT_NAME).read_text(encoding="utf-8")
    assert "mkdocs.yml:" in report and "not valid YAML; the nav's order was not used" in report
    assert "order" not in _yaml(tmp_path / "out/saude/_set.yml")


def test_same_tree_same_bytes_and_dry_run_writes_nothing(imported: dict[str, Path], tmp_path: Path) -> None:
    for flavour in ("docusaurus", "mkdocs"):
        again = tmp_path / flavour
        assert _import(REAL / flavour, again)[0] == 0
        files = sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(imported[flavour]).as_posix()
                               for p in imported[flavour].rglob("*") if p.is_file())
        assert all((again / f).read_bytes() == (imported[flavour] / f).read_bytes() for f in files)
        status, stdout, _ = _import(REAL / flavour, tmp_path / f"{flavour}-dry", "--dry-run")
        assert status == 0 and "nothing was written" in stdout and not (tmp_path / f"{flavour}-dry").exists()


def _blocks(text: str) -> tuple[str, ArticleReport]:
    entry = ArticleReport("pagina.mdx", "Página")
    inline = InlineHooks(link=lambda href: href, image=lambda src, alt: src, converted=entry.converted.append,
                         dropped=entry.dropped.append)
    hooks = BlockHooks(inline, entry, include=lambda path, written: None, html_link=lambda href, text: href,
                       html_image=lambda src, alt: src)
    return "\n".join(BlockConverter(hooks).convert(text.split("\n"))).strip(), entry


@pytest.mark.parametrize(("mdx", "myst", "reported"), [
    # tabs inside a tab: a tab set inside a tab item, colons counted so each closes its own
    ('<Tabs>\n<TabItem value="a">\n\n<Tabs>\n<TabItem value="i">dentro</TabItem>\n</Tabs>\n\n</TabItem>\n</Tabs>',
     "::::::{tab-set}\n:::::{tab-item} a\n::::{tab-set}\n:::{tab-item} i\ndentro\n:::\n::::\n:::::", ""),
    # everything on one line, and the text after </Tabs> is a paragraph of its own
    ('<Tabs><TabItem value="a">x</TabItem><TabItem value="b" label="B">y</TabItem></Tabs> depois',
     ":::{tab-item} B\ny\n:::\n::::\n\ndepois", ""),
    # a tag in a code span is text, not a tab
    ('<Tabs>\n<TabItem value="a">\nUse `<Tabs>` e `</TabItem>`.\n</TabItem>\n</Tabs>\nfim',
     ":::{tab-item} a\nUse `<Tabs>` e `</TabItem>`.\n:::\n::::\n\nfim", ""),
    ('<Tabs>\n<TabItem>sem rótulo</TabItem>\n</Tabs>', ":::{tab-item} Aba 1\nsem rótulo",
     "a <TabItem> with neither label nor value: its tab is labelled 'Aba 1'"),
    ('<Tabs>\nsolto\n<TabItem value="a">a</TabItem>\n</Tabs>', ":::{tab-item} a",
     "text between the tabs of a <Tabs>, outside any <TabItem>: 'solto'"),
    ('<Tabs>\n<TabItem value="a">a</TabItem>', ":::{tab-item} a",
     "a <Tabs> is never closed (</Tabs>): the rest of the page is inside it"),
    ("import {\n  Nota,\n} from '@site/src/components';\ntexto", "texto",
     "the MDX line 'import {' (and 2 more lines) (JSX components are not Markdown)"),
])
def test_tabs_and_mdx_statements_as_written(mdx: str, myst: str, reported: str) -> None:
    converted, entry = _blocks(mdx)
    assert myst in converted
    assert "<Tabs" not in converted.replace("`<Tabs>`", "") and "<TabItem" not in converted
    if reported:
        assert any(reported in line for line in entry.dropped + entry.check), (entry.dropped, entry.check)
