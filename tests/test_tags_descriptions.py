"""Free-text tags and long descriptions, end to end: they build, relate articles, and meta tags cut
a long description at a word."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from kbgen.search.normalise import index_terms
from kbgen.search.packing import front_decode
from kbgen.text import clip, tag_key

from .conftest import build_clean

ETICA = "rh/folha-de-pagamento/etica-no-servico-publico"
SEM_MOVIMENTO = "fiscal/escrita-fiscal/como-declarar-sem-movimento"


def test_clip_cuts_at_a_word_with_an_ellipsis() -> None:
    assert clip("certidão negativa de débitos", 100) == "certidão negativa de débitos"
    assert clip("certidão negativa de débitos", 12) == "certidão…"
    assert clip("certidão negativa de débitos", 18) == "certidão negativa…"
    assert clip("certidão, negativa", 10) == "certidão…"  # no dangling comma before the ellipsis
    assert clip("a" * 20, 10) == "a" * 9 + "…"  # one long word: cut inside it rather than lose it all


def test_tag_key_ignores_case_accents_and_spacing() -> None:
    assert tag_key("Certidão  Negativa") == tag_key("certidao negativa") == "certidao negativa"
    assert tag_key("nota fiscal") != tag_key("nota-fiscal")
    # one tag, however it was pasted: a soft hyphen or a zero-width space inside it makes no new tag page
    assert tag_key("Certi\u00addão ne\u2060gativa") == tag_key("certidão\u200bnegativa") == "certidao negativa"


def test_free_tags_relate_articles_and_long_descriptions_are_cut(site: Path, tmp_path: Path) -> None:
    description = ("Conduta esperada dos servidores públicos no atendimento ao cidadão, com exemplos de "
                   "situações comuns ") * 4
    (site / f"{ETICA}.md").write_text(
        f"---\ntitle: Ética\ndescription: {description}\ntags: [Certidão  Negativa]\n---\n\nTexto.\n",
        encoding="utf-8")
    (site / f"{SEM_MOVIMENTO}.md").write_text(
        "---\ntitle: Sem movimento\ndescription: Declaração sem serviços.\ntags: [certidao negativa]\n---\n\n"
        "Texto.\n", encoding="utf-8")
    out = build_clean(site, tmp_path / "work")
    page = (out / f"{ETICA}.html").read_text(encoding="utf-8")
    meta = html.unescape(re.search(r'<meta name="description" content="([^"]*)"', page).group(1))
    assert meta == clip(description.strip(), 300) and meta.endswith("…") and len(meta) <= 300
    assert description.strip().startswith(meta[:-1])
    og = html.unescape(re.search(r'<meta property="og:description" content="([^"]*)"', page).group(1))
    assert og == meta
    # the same tag written differently relates the two articles (different sets: only the tag links them)
    related = page.split('id="kb-related-title"', 1)[1]
    assert "escrita-fiscal/como-declarar-sem-movimento.html" in related
    # a tag with a space is searchable by each of its words (the suggestion index holds titles and tags)
    manifest = json.loads(re.search(r"\.push\((.*)\);\}", (out / "_static" / "kbgen-search-s.js").read_text(
        encoding="utf-8"), re.S).group(1))[2]
    suggest = set(front_decode(manifest["terms"]))
    terms = index_terms("Certidão Negativa")
    assert len(terms) == 2 and set(terms) <= suggest, terms
