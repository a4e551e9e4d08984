"""``kbgen new SET/MODULE "Título"``: start an article (and its module) without overwriting anything."""

from __future__ import annotations

from pathlib import Path

import yaml

from kbgen import urls
from kbgen.commands.build import UsageError
from kbgen.text import slugify

ARTICLE_TEMPLATE = """---
{front}---

Escreva aqui a resposta, em passos curtos.

## Passo a passo

1. Acesse **Menu > Opção**.
"""


def new_article(source: Path, target: str, title: str) -> Path:
    """Create ``<source>/<set>/<module>/<slug>.md``; return its path."""
    parts = target.strip("/").split("/")
    if len(parts) != 2:
        raise UsageError(f"expected SET/MODULE, such as fiscal/nota-fiscal-eletronica; found {target!r}")
    set_slug, module_slug = parts
    for name in parts:
        problem = urls.slug_problem(name)
        if problem:
            raise UsageError(problem)
    title = title.strip()
    slug = slugify(title)
    if not slug:
        raise UsageError("the title has no letters or digits to make a file name from")
    problem = urls.slug_problem(slug)
    if problem:
        raise UsageError(f"the title gives the file name {slug!r}: {problem}")
    set_dir = source / set_slug
    if not (set_dir / "_set.yml").is_file():
        raise UsageError(f"the set {set_slug!r} does not exist: create {set_dir / '_set.yml'} with 'title:' and "
                         "'email:' first")
    module_dir = set_dir / module_slug
    article = module_dir / f"{slug}.md"
    if article.exists():
        raise UsageError(f"{article} already exists; kbgen never overwrites a file — choose another title")
    if not (module_dir / "_module.yml").exists():
        module_dir.mkdir(exist_ok=True)
        module_title = module_slug.replace("-", " ").capitalize()
        with open(module_dir / "_module.yml", "x", encoding="utf-8") as fh:
            fh.write(yaml.safe_dump({"title": module_title}, allow_unicode=True, sort_keys=False))
    front = yaml.safe_dump({"title": title, "description": None}, allow_unicode=True, sort_keys=False)
    with open(article, "x", encoding="utf-8") as fh:  # "x": fails instead of overwriting, even in a race
        fh.write(ARTICLE_TEMPLATE.format(front=front.replace("description: null", "description:")))
    return article
