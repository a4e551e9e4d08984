"""A deterministic generator of realistic pt-BR help centers of any size.

``generate(root, n)`` writes a kbgen content folder (``kb.yml``, sets, modules, articles,
images) that passes ``kbgen build --strict``. Everything comes from one seeded
``random.Random`` (and string-seeded ones for the near-duplicate families), and nothing is
iterated from a ``set``, so the bytes depend on ``(n, seed)`` only — not on the clock, the
hash seed or the machine. ``python -m sitegen OUT N`` runs it from the shell.

The plain-Sphinx and MkDocs projects of the comparison are made from the same Markdown by
:mod:`bench.projects`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import posixpath
import random
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import vocab
from sitegen.png import screenshot_png
from sitegen.vocab import SetSpec

WORDS_MIN, WORDS_MAX = 300, 600
MODULE_MIN, MODULE_MAX = 10, 40
FAQ_SHARE = 0.05

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Slots are filled with "o contador", "a guia …": Portuguese contracts "de o" into "do" and so on.
_CONTRACTIONS = (("de o ", "do "), ("de a ", "da "), ("de os ", "dos "), ("de as ", "das "), ("em o ", "no "),
                 ("em a ", "na "), ("por o ", "pelo "), ("por a ", "pela "), ("a o ", "ao "))
_CONTRACTION = re.compile(r"\b(" + "|".join(a for a, _ in _CONTRACTIONS) + ")")


def slugify(title: str, max_length: int = 80) -> str:
    """Same rule as authors follow with ``kbgen new``: accents folded, lowercase, hyphens."""
    decomposed = unicodedata.normalize("NFKD", title)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    slug = _NON_SLUG.sub("-", folded).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


# ----------------------------------------------------------------------------- the plan


@dataclass
class Article:
    set_slug: str
    module_slug: str
    slug: str
    title: str
    kind: str  # "task", "problem", "concept" or "family"
    task: str
    family: int | None = None  # id of its near-duplicate family
    family_code: int = 0
    family_file: str = ""

    @property
    def path(self) -> str:
        return f"{self.set_slug}/{self.module_slug}/{self.slug}.md"

    @property
    def docname(self) -> str:
        return f"{self.set_slug}/{self.module_slug}/{self.slug}"


@dataclass
class Module:
    spec: SetSpec
    slug: str
    title: str
    description: str
    order: int
    numbered: bool  # do its articles carry ``order``?
    images: list[str] = field(default_factory=list)  # file names under img/
    articles: list[Article] = field(default_factory=list)


@dataclass
class Plan:
    n_articles: int
    seed: int
    sets: list[SetSpec]
    modules: list[Module]  # grouped by set, in set order

    @property
    def articles(self) -> list[Article]:
        return [a for m in self.modules for a in m.articles]


def _module_sizes(rng: random.Random, n: int) -> list[int]:
    """Module sizes of 10–40 articles that add up to ``n`` (one smaller module for tiny sites)."""
    if n <= MODULE_MAX:
        return [n] if n < 2 * MODULE_MIN else [n // 2, n - n // 2]
    sizes: list[int] = []
    left = n
    while left > 0:
        size = min(rng.randint(MODULE_MIN, MODULE_MAX), left)
        if 0 < left - size < MODULE_MIN:
            size = left  # fold a short remainder into this module (at most 49)
        sizes.append(size)
        left -= size
    return sizes


def _set_count(n: int, modules: int) -> int:
    """6 sets at a few hundred articles, growing to 10 at 5,000 — never more than modules."""
    wanted = 6 + round(4 * min(1.0, max(0.0, (n - 500) / 4500)))
    return max(1, min(wanted, modules))


def _module_title(spec: SetSpec, k: int) -> tuple[str, str]:
    base, description = spec.modules[k % len(spec.modules)]
    round_ = k // len(spec.modules)
    if round_ == 0:
        return base, description
    qualifier = vocab.MODULE_QUALIFIERS[(round_ - 1) % len(vocab.MODULE_QUALIFIERS)]
    return f"{base} — {qualifier}", f"{description} {qualifier}."


def _title(rng: random.Random, spec: SetSpec, kind: str) -> tuple[str, str]:
    task = rng.choice(spec.tasks)
    context = rng.choice(vocab.CONTEXTS)
    if kind == "problem":
        problem = rng.choice(spec.problems)
        template = rng.choice(vocab.PROBLEM_TEMPLATES)
        title = template.format(problem=problem, Problem=problem[0].upper() + problem[1:], context=context)
    elif kind == "concept":
        title = rng.choice(vocab.CONCEPT_TEMPLATES).format(concept=rng.choice(spec.concepts), context=context)
    else:
        title = rng.choice(vocab.TITLE_TEMPLATES).format(task=task, context=context)
    return title, task


def plan_site(n_articles: int, seed: int = 0) -> Plan:
    """Decide every set, module and article (titles, slugs, families) before writing anything,
    so that cross-links can point at articles that will exist."""
    rng = random.Random(seed)
    sizes = _module_sizes(rng, n_articles)
    sets = list(vocab.SETS[: _set_count(n_articles, len(sizes))])
    # every set gets one module first, the rest go to random sets
    owners = list(range(len(sets))) + [rng.randrange(len(sets)) for _ in range(len(sizes) - len(sets))]
    per_set: list[list[int]] = [[] for _ in sets]
    for module_index, owner in enumerate(owners[: len(sizes)]):
        per_set[owner].append(module_index)

    used_titles: set[str] = set()
    modules: list[Module] = []
    family_id = 0
    for set_index, spec in enumerate(sets):
        for k, module_index in enumerate(per_set[set_index]):
            title, description = _module_title(spec, k)
            module = Module(spec, slugify(title), title, description, order=k + 1, numbered=rng.random() < 0.3)
            if rng.random() < 0.5:
                module.images = [f"tela-{i + 1}.png" for i in range(rng.randint(1, 3))]
            size = sizes[module_index]
            slugs: set[str] = set()
            # a family of near-duplicates in about a third of the modules
            family_size = rng.randint(3, 6) if size >= 8 and rng.random() < 0.35 else 0
            system = rng.choice(spec.systems)
            for i in range(size):
                if i < family_size:
                    code = rng.randint(100, 1999)
                    file_ = rng.choice(spec.files)
                    art_title = vocab.FAMILY_TEMPLATE.format(system=system, code=code, file=file_,
                                                             line=rng.randint(2, 999))
                    article = Article(spec.slug, module.slug, "", art_title, "family", rng.choice(spec.tasks),
                                      family_id, code, file_)
                else:
                    kind = rng.choices(("task", "problem", "concept"), weights=(70, 20, 10))[0]
                    art_title, task = _title(rng, spec, kind)
                    attempt = 0
                    while art_title in used_titles or slugify(art_title) in slugs:
                        attempt += 1
                        art_title, task = _title(rng, spec, kind)
                        if attempt > 40:  # tiny vocabulary exhausted in this module: number it
                            art_title = f"{art_title.rstrip('?')} ({attempt})?"
                    article = Article(spec.slug, module.slug, "", art_title, kind, task)
                slug = slugify(article.title)
                while slug in slugs:  # family titles cut at 80 characters may collide
                    slug = f"{slug[:74]}-{len(slugs)}"
                article.slug = slug
                slugs.add(slug)
                used_titles.add(article.title)
                module.articles.append(article)
            if family_size:
                family_id += 1
            modules.append(module)
    return Plan(n_articles, seed, sets, modules)


# ----------------------------------------------------------------------------- rendering


class Filler:
    """Fills the slots of the vocabulary's sentences for one article."""

    def __init__(self, rng: random.Random, spec: SetSpec, module: Module, article: Article):
        self.rng = rng
        self.spec = spec
        self.module = module
        self.article = article
        self.competence = f"{rng.randint(1, 12):02d}/{rng.choice((2025, 2026))}"

    def slots(self) -> dict[str, str]:
        rng, spec = self.rng, self.spec
        field1, field2 = rng.sample(spec.fields, 2)
        role1, role2 = rng.sample(spec.roles, 2)
        module_menu = self.module.title.split(" — ")[0]
        return {
            "menu": f"{spec.menu} > {module_menu} > {rng.choice(vocab.SCREENS)}",
            "button": rng.choice(vocab.BUTTONS),
            "field": field1, "field2": field2, "field_lc": field1.lower(), "field2_lc": field2.lower(),
            "document": rng.choice(spec.documents),
            "role": role1, "role2": role2,
            "deadline": rng.choice(vocab.DEADLINES),
            "authority": rng.choice(vocab.AUTHORITIES),
            "system": rng.choice(spec.systems),
            "competence": self.competence,
            "task": self.article.task,
            "concept": rng.choice(spec.concepts),
            "code": f"{spec.prefix}-{rng.randint(1, 99):02d}",
        }

    def fill(self, template: str) -> str:
        text = _CONTRACTION.sub(lambda m: dict(_CONTRACTIONS)[m.group(1)], template.format(**self.slots()))
        return text[0].upper() + text[1:]

    def sentences(self, count: int) -> str:
        return " ".join(self.fill(self.rng.choice(vocab.SENTENCES)) for _ in range(count))


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


@dataclass
class LinkTarget:
    href: str  # relative to the linking article's folder
    title: str


def render_body(rng: random.Random, filler: Filler, article: Article, module: Module,
                links: list[LinkTarget], target_words: int) -> str:
    """The Markdown body: no ``#`` title, ``##`` sections, 300–600 words of prose."""
    blocks: list[str] = []
    words = 0

    def add(block: str) -> None:
        nonlocal words
        blocks.append(block)
        words += _words(block)

    add(filler.fill(rng.choice(vocab.INTROS)) + " " + filler.sentences(rng.randint(1, 2)))
    if article.kind == "family":
        cause = vocab.FAMILY_CAUSES[article.family_code % len(vocab.FAMILY_CAUSES)]
        add(f"> `Erro {article.family_code}: Erro no arquivo {article.family_file}. Verifique os dados "
            f"informados.`")
        add(f"O erro {article.family_code} indica que {cause}. " + filler.sentences(1))

    headings = [h for h in rng.sample(vocab.SECTION_HEADINGS, len(vocab.SECTION_HEADINGS)) if h != "Passo a passo"]
    extras = ["steps", "table", "admonition", "quote", "image", "deflist", "tabs", "dropdown"]
    weights = [0, 0.35, 0.4, 0.25, 0.35 if module.images else 0, 0.1, 0.06, 0.06]
    chosen = [e for e, w in zip(extras, weights, strict=True) if rng.random() < w]
    chosen.insert(rng.randint(0, min(1, len(chosen))), "steps")  # every article has a numbered procedure
    section = 0
    while words < target_words - 40 or chosen:
        if words > WORDS_MAX - 60 and not chosen:
            break
        extra = chosen.pop(0) if chosen else None
        add(f"## {'Passo a passo' if extra == 'steps' else headings[section % len(headings)]}")
        section += 1
        add(filler.sentences(rng.randint(2, 4)))
        if extra:
            add(_extra(rng, filler, extra, module))
        if words > WORDS_MAX - 40:
            break

    if links:
        parts = []
        for target in links:
            lead = rng.choice(("Veja também", "Se for o seu caso, siga para", "Relacionado:",
                               "Para o passo seguinte, consulte"))
            parts.append(f"{lead} [{target.title}]({target.href}).")
        add(" ".join(parts))
    return "\n\n".join(blocks) + "\n"


def _extra(rng: random.Random, filler: Filler, kind: str, module: Module) -> str:
    if kind == "steps":
        steps = rng.sample(vocab.STEPS, rng.randint(4, 7))
        if "Acesse **{menu}**." in steps:  # the menu comes first, as authors write it
            steps.remove("Acesse **{menu}**.")
        steps.insert(0, "Acesse **{menu}**.")
        return "\n".join(f"{i}. {filler.fill(s)}" for i, s in enumerate(steps, 1))
    if kind == "table":
        head = rng.choice(vocab.TABLE_HEADERS)
        rows = [f"| {a} | {b} |" for a, b in zip(rng.sample(filler.spec.fields, 3),
                                                  rng.sample(vocab.TABLE_VALUES, 3), strict=True)]
        return "\n".join([f"| {head[0]} | {head[1]} |", "|---|---|", *rows])
    if kind == "admonition":
        return f":::{{{rng.choice(vocab.ADMONITIONS)}}}\n{filler.sentences(rng.randint(1, 2))}\n:::"
    if kind == "quote":
        code = f"{filler.spec.prefix}-{rng.randint(1, 99):02d}"
        return f"> `{code}: {filler.fill(rng.choice(vocab.SENTENCES)).replace('**', '')}`"
    if kind == "image":
        screen = rng.choice(vocab.SCREENS)
        f1, f2 = rng.sample(filler.spec.fields, 2)
        alt = f"Tela {screen} de {module.title} com os campos {f1} e {f2} e o botão {rng.choice(vocab.BUTTONS)}"
        return f"![{alt}](img/{rng.choice(module.images)})"
    if kind == "deflist":
        terms = rng.sample(vocab.GLOSSARY, 2)
        return "\n\n".join(f"{term}\n: {definition[0].upper()}{definition[1:]}" for term, definition in terms)
    if kind == "tabs":
        roles = rng.sample(filler.spec.roles, 2)
        items = "\n".join(f":::{{tab-item}} {r[2:].capitalize() if r.startswith(('o ', 'a ')) else r}\n"
                          f"{filler.sentences(1)}\n:::" for r in roles)
        return f"::::{{tab-set}}\n{items}\n::::"
    if kind == "dropdown":
        return f":::{{dropdown}} Detalhes técnicos\n{filler.sentences(2)}\n:::"
    raise ValueError(kind)


def _front_matter(rng: random.Random, article: Article, module: Module, position: int, faq: bool) -> str:
    lines = ["---", f"title: {json.dumps(article.title, ensure_ascii=False)}"]
    if rng.random() < 0.85:
        summary = rng.choice((
            "Passo a passo para {task} e o que conferir antes de concluir.",
            "Explica quando {task} é necessário e quais cuidados tomar.",
            "As causas mais comuns e como resolver sem abrir chamado.",
            "Quem pode {task}, em que prazo e onde fica a opção no sistema.",
        )).format(task=article.task)
        lines.append(f"description: {json.dumps(summary, ensure_ascii=False)}")
    if faq:
        lines.append("faq: true")
    if module.numbered:
        lines.append(f"order: {position}")
    tags = rng.sample(module.spec.tags, rng.randint(1, 4))
    if article.kind == "family":
        tags.append(f"erro-{article.family_code}")
    lines.append(f"tags: [{', '.join(tags)}]")
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1050))
    lines.append(f"updated: {day.isoformat()}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _link_targets(rng: random.Random, article: Article, module: Module, plan: Plan,
                  by_set: dict[str, list[Article]]) -> list[LinkTarget]:
    everyone = plan.articles
    targets: list[Article] = []
    for _ in range(rng.choices((0, 1, 2, 3), weights=(15, 40, 30, 15))[0]):
        pool_kind = rng.random()
        pool = module.articles if pool_kind < 0.5 else by_set[article.set_slug] if pool_kind < 0.8 else everyone
        candidate = rng.choice(pool)
        if candidate is not article and candidate not in targets:
            targets.append(candidate)
    here = posixpath.dirname(article.path)
    return [LinkTarget(posixpath.relpath(t.path, here), t.title) for t in targets]


def render_article(plan: Plan, module: Module, article: Article, position: int, rng: random.Random,
                   by_set: dict[str, list[Article]]) -> str:
    faq = rng.random() < FAQ_SHARE
    front = _front_matter(rng, article, module, position, faq)
    links = _link_targets(rng, article, module, plan, by_set)
    target = rng.randint(WORDS_MIN + 20, WORDS_MAX - 40)
    if article.family is not None:
        # a family shares one body: same seed, same sentences; only the code and file differ
        body_rng = random.Random(f"{plan.seed}:family:{article.family}")
        filler = Filler(body_rng, module.spec, module, article)
        body = render_body(body_rng, filler, article, module, links, target_words=450)
    else:
        body = render_body(rng, Filler(rng, module.spec, module, article), article, module, links, target)
    return front + body


# ----------------------------------------------------------------------------- writing


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="\n")
    else:
        path.write_bytes(data)


def _yaml_line(key: str, value: str | int) -> str:
    return f"{key}: {value if isinstance(value, int) else json.dumps(value, ensure_ascii=False)}\n"


def generate(root: Path, n_articles: int, seed: int = 0) -> Plan:
    """Write a kbgen content folder of ``n_articles`` articles at ``root`` (replacing it)."""
    if n_articles < 1:
        raise ValueError("n_articles must be at least 1")
    plan = plan_site(n_articles, seed)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    _write(root / "kb.yml", "".join((
        _yaml_line("title", "Central de Ajuda"),
        _yaml_line("description", "Respostas rápidas sobre os sistemas de gestão pública do município: notas "
                                  "fiscais, contabilidade, prestação de contas, folha e tributos."),
        "language: pt_BR\n", "base_url: https://ajuda.example.gov.br/\n", 'color: "#1a5e9a"\n',
    )))
    _write(root / "_synonyms.yml", "".join(
        f"{key}: [{', '.join(values)}]\n" for key, values in vocab.SYNONYMS))

    by_set: dict[str, list[Article]] = {}
    for article in plan.articles:
        by_set.setdefault(article.set_slug, []).append(article)
    rng = random.Random(seed + 1)  # a second stream: adding a vocabulary entry reshuffles bodies only
    for set_order, spec in enumerate(plan.sets, 1):
        _write(root / spec.slug / "_set.yml", "".join((
            _yaml_line("title", spec.title), _yaml_line("description", spec.description),
            _yaml_line("email", spec.email), _yaml_line("phone", spec.phone),
            'hours:\n  weekly:\n    seg-sex: ["08:00-18:00"]\n', _yaml_line("order", set_order),
        )))
    for module in plan.modules:
        folder = root / module.spec.slug / module.slug
        _write(folder / "_module.yml", "".join((
            _yaml_line("title", module.title), _yaml_line("description", module.description),
            _yaml_line("order", module.order),
        )))
        for i, name in enumerate(module.images):
            width, height = rng.choice(((320, 200), (480, 300), (640, 360), (240, 160)))
            colour = (0x1a + 20 * i, 0x5e, 0x9a - 10 * i)
            _write(folder / "img" / name, screenshot_png(width, height, colour, bands=rng.randint(2, 6)))
        for position, article in enumerate(module.articles, 1):
            _write(root / article.path, render_article(plan, module, article, position, rng, by_set))

    # most-read counts for 5 % of the articles, Zipf-like
    popular = random.Random(seed + 2).sample(plan.articles, max(1, n_articles // 20))
    rows = [f"{a.docname}.html,{int(5000 / rank)}" for rank, a in enumerate(popular, 1)]
    _write(root / "_data" / "pageviews.csv", "path,views\n" + "\n".join(rows) + "\n")
    return plan


def extra_article(content: Path, index: int, seed: int = 0) -> tuple[str, str]:
    """A new article for the "add one" scenario: ``(path relative to content, text)``.

    It goes into the module of an existing article and links to its siblings only, so it is
    valid in any copy of the content (kbgen's, plain Sphinx's, MkDocs').
    """
    rng = random.Random(f"{seed}:extra:{index}")
    plan = plan_site_from_disk(content)
    module = plan[rng.randrange(len(plan))]
    spec_slug, module_slug, siblings = module
    spec = next(s for s in vocab.SETS if s.slug == spec_slug)
    title, task = _title(rng, spec, "task")
    title = f"{title.rstrip('?')} (novo {index})?"
    slug = slugify(title)
    article = Article(spec_slug, module_slug, slug, title, "task", task)
    module_title = json.loads((content / spec_slug / module_slug / "_module.yml").read_text(encoding="utf-8")
                              .split("\n", 1)[0].removeprefix("title: "))
    fake_module = Module(spec, module_slug, module_title, "", 1, numbered=False)
    fake_module.articles = [article]
    links = [LinkTarget(f"{s}.md", t) for s, t in siblings[:2]]
    body = render_body(rng, Filler(rng, spec, fake_module, article), article, fake_module, links, 450)
    front = (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ntags: [{rng.choice(spec.tags)}]\n"
             f"updated: 2026-11-30\n---\n\n")
    return article.path, front + body


def plan_site_from_disk(content: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(set, module, [(slug, title)]) for every module folder of a content tree, sorted by path."""
    modules = []
    for module_yml in sorted(content.glob("*/*/_module.yml")):
        folder = module_yml.parent
        siblings = []
        for path in sorted(folder.glob("*.md")):
            first = path.read_text(encoding="utf-8").split("\n", 3)[1]
            siblings.append((path.stem, json.loads(first.removeprefix("title: "))))
        modules.append((folder.parent.name, folder.name, siblings))
    return modules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen", description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="content folder to (re)create")
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    plan = generate(args.out, args.n, args.seed)
    print(f"{len(plan.articles)} articles in {len(plan.modules)} modules and {len(plan.sets)} sets -> {args.out}")
    return 0

