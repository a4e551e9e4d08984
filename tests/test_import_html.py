"""The HTML → MyST converter every importer shares (kbgen/importers/html_to_myst.py): what a help-desk
editor writes must stay what it meant, and build under --strict (no raw HTML, no skipped heading level,
no unknown code language). No build here: each case is a string in, a string out."""

from __future__ import annotations

import pytest
from bs4 import Tag

from kbgen.importers.html_to_myst import PLACEHOLDER_ALT, Hooks, MystConverter
from kbgen.importers.report import ArticleReport


def convert(html: str, **hooks: object) -> str:
    return str(MystConverter(Hooks(**hooks)).body(html))  # type: ignore[arg-type]


def _callouts(element: Tag) -> str | None:
    return "warning" if "callout" in (element.get("class") or []) else None


@pytest.mark.parametrize("html, markdown", [
    ("<p>1. não é uma lista</p>", "1\\. não é uma lista"),
    ("<p>- nem isto<br>&gt; nem isto</p>", "\\- nem isto\\\n\\> nem isto"),
    ("<p>texto - com hífen e Fiscal &gt; Notas</p>", "texto - com hífen e Fiscal > Notas"),
    ("<ul><li>2) item<ul><li>sub</li></ul></li></ul>", "- 2\\) item\n  - sub"),
    ("<p>Tecle &lt;Enter&gt;</p>", "Tecle \\<Enter>"),  # never raw HTML
    ("<p><code>&lt;Enter&gt;</code></p>", "`<Enter>`"),
])
def test_text_stays_text(html: str, markdown: str) -> None:
    assert convert(html) == markdown


def test_headings_start_at_two_and_never_skip_a_level() -> None:
    # ranked as the source used them (h1 above h2 above h4 …), but never deeper than the last one + 1
    assert convert("<h4>A</h4><h2>B</h2><h5>C</h5><h1>D</h1>") == "## A\n\n### B\n\n#### C\n\n## D"
    assert convert("<h3>A</h3><h4>B</h4>") == "## A\n\n### B"


def test_code_keeps_a_language_pygments_knows_only() -> None:
    assert convert('<pre><code class="language-sql">SELECT 1;</code></pre>') == "```sql\nSELECT 1;\n```"
    assert convert('<pre class="language-zendeskish">x</pre>') == "```\nx\n```"


def test_pipe_tables_escape_bars_and_keep_cells_on_one_line() -> None:
    table = "<table><tr><th>a</th><th>b</th></tr><tr><td>x | y</td><td>um<br>dois</td></tr></table>"
    assert convert(table) == "| a | b |\n| --- | --- |\n| x \\| y | um dois |"


def test_merged_cells_are_reported() -> None:
    report = ArticleReport("1", "t")
    convert('<table><tr><th colspan="2">a</th></tr><tr><td>1</td><td>2</td></tr></table>', report=report)
    assert any("merged cells" in line for line in report.check)


def test_nested_callouts_get_longer_fences() -> None:
    html = '<div class="callout"><p>fora</p><div class="callout"><p>dentro</p></div></div>'
    assert convert(html, callout_kind=_callouts) == "::::{warning}\nfora\n\n:::{warning}\ndentro\n:::\n::::"


def test_images_without_a_place_are_dropped_with_their_alt_as_text() -> None:
    report = ArticleReport("1", "t")
    assert convert('<p><img src="x.png" alt="Tela [1]"></p>', report=report) == "\\[Tela \\[1\\]\\]"
    assert convert('<p><img alt="Tela"></p>', report=report) == "\\[Tela\\]"
    assert report.dropped == ["an image without an address (src) ('Tela')"]
    placed = convert('<p><img src="x.png"></p>', resolve_image=lambda src, alt: "img/x.png", report=report)
    assert placed == f"![{PLACEHOLDER_ALT}](img/x.png)"


def test_a_picture_linked_to_itself_is_just_the_picture() -> None:
    html = '<p><a href="a.png"><img src="a.png" alt="Tela"></a></p>'
    assert convert(html, resolve_image=lambda src, alt: "img/a.png") == "![Tela](img/a.png)"


@pytest.mark.parametrize("src, link", [
    ("https://www.youtube.com/embed/abc123?start=30", "https://www.youtube.com/watch?v=abc123&t=30s"),
    ("//player.vimeo.com/video/42?title=0", "https://vimeo.com/42"),
    ("https://videos.example.gov.br/v/9", "https://videos.example.gov.br/v/9"),
])
def test_iframes_become_links(src: str, link: str) -> None:
    report = ArticleReport("1", "t")
    assert convert(f'<iframe src="{src}"></iframe>', report=report) == f"[Assista ao vídeo]({link})"
    assert report.check and link in report.check[0]


def test_an_iframe_without_a_web_address_is_dropped_and_reported() -> None:
    report = ArticleReport("1", "t")
    assert convert('<p>a</p><iframe src="http://[x"></iframe><iframe src="javascript:alert(1)"></iframe>',
                   report=report) == "a"
    assert len(report.dropped) == 2


def test_scripts_and_styles_are_dropped_and_reported() -> None:
    report = ArticleReport("1", "t")
    assert convert("<p>a</p><script>alert(1)</script><style>p{}</style>", report=report) == "a"
    assert len(report.dropped) == 2


@pytest.mark.parametrize("html, markdown", [
    ("<p><strong><br></strong></p><p>a</p>", "a"),  # not **\**
    ("<p>texto<br></p>", "texto"),  # a break before nothing would be a literal backslash
    ("<p>um<strong><br></strong>dois</p>", "um\\\ndois"),  # the break stays, its bold goes
    ("<p><em>a<br></em>b</p>", "*a*\\\nb"),  # out of the italics
])
def test_stray_line_breaks(html: str, markdown: str) -> None:
    assert convert(html) == markdown


def test_every_importer_checks_its_email_alike() -> None:
    from kbgen.importers.failures import ImportFailed, support_email

    assert support_email("suporte@prefeitura.gov.br") == "suporte@prefeitura.gov.br"
    with pytest.raises(ImportFailed, match=r"every set needs a support e-mail .*pass --email"):
        support_email(None)
    with pytest.raises(ImportFailed, match=r"^the set needs a support e-mail"):
        support_email(None, one_set=True)
    with pytest.raises(ImportFailed, match=r"^--email: "):
        support_email("não é um endereço")
