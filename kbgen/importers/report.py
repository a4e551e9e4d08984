"""The migration report: what each article became, what was dropped and why, what to check by hand.

Written as ``_import-report.md`` at the top of the imported folder: a name starting with ``_`` is
kbgen's own data (PRODUCT.md), which the loader never reads as a set and Sphinx's
``exclude_patterns`` (``_*``, kbgen/sphinx_ext/config.py) never builds, so the report is never
published. It is Markdown so it reads well in a git forge and in any editor. English, like every
message kbgen gives authors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REPORT_NAME = "_import-report.md"


@dataclass
class ArticleReport:
    """One source article: where it went (None: skipped) and what happened to its parts."""

    source_id: str
    title: str
    path: str | None = None
    converted: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    check: list[str] = field(default_factory=list)
    skipped: str | None = None  # why the whole article was not imported


@dataclass
class MigrationReport:
    source: str
    articles: list[ArticleReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the whole import (a flattened section …)

    def article(self, source_id: str, title: str) -> ArticleReport:
        entry = ArticleReport(source_id, title)
        self.articles.append(entry)
        return entry

    @property
    def imported(self) -> list[ArticleReport]:
        return [a for a in self.articles if a.skipped is None]

    @property
    def skipped(self) -> list[ArticleReport]:
        return [a for a in self.articles if a.skipped is not None]

    def summary(self) -> str:
        checks = sum(len(a.check) for a in self.imported)
        return (f"{len(self.imported)} articles imported, {len(self.skipped)} skipped, "
                f"{checks} things to check by hand (see {REPORT_NAME})")

    def markdown(self) -> str:
        lines = ["# Import report", "", f"Source: {self.source}", "", self.summary() + ".", ""]
        if self.notes:
            lines += ["## Notes", "", *(f"- {note}" for note in self.notes), ""]
        if self.skipped:
            lines += ["## Skipped articles", ""]
            lines += [f"- {a.source_id} {a.title!r}: {a.skipped}" for a in self.skipped]
            lines.append("")
        lines += ["## Imported articles", ""]
        for a in sorted(self.imported, key=lambda a: a.path or ""):
            lines += [f"### {a.path}", "", f"From {a.source_id}: {a.title}", ""]
            for heading, items in (("Converted", a.converted), ("Dropped", a.dropped), ("Check", a.check)):
                if items:
                    lines += [f"{heading}:", "", *(f"- {item}" for item in items), ""]
        return "\n".join(lines).rstrip("\n") + "\n"
