"""Old URLs that must keep working: where each alias's redirect page goes, and what collides.

Plain Python (no Sphinx) so ``load_site`` reports collisions like any other content error, and
``kbgen check`` and ``kbgen build`` agree. Aliases arrive in their normal form
(``kbgen.alias_paths``, applied by the front-matter schema); here each one's redirect file is
compared, case-insensitively, with every file of the site (``kbgen.loading.site_files``) and with the
other aliases' files — a collision is an error at the alias's own line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbgen.alias_paths import collision_key, redirect_file
from kbgen.errors import ProblemList
from kbgen.loading.site_files import SKIPPED_NAMES, SiteFiles, site_files
from kbgen.model import ArticleInfo, Site

__all__ = ["alias_line", "check_aliases", "redirect_file", "redirects"]


def alias_line(article: ArticleInfo, index: int) -> int:
    """The front-matter line of ``aliases``' item ``index`` (the key's line for ``aliases: x``)."""
    return article.key_lines.get(f"aliases[{index}]", article.key_lines.get("aliases", 0))


@dataclass(frozen=True)
class _Claim:
    article: ArticleInfo
    alias: str
    file: str

    def where(self, root: Path) -> str:
        index = self.article.aliases.index(self.alias)
        try:
            name = self.article.path.relative_to(root).as_posix()
        except ValueError:
            name = self.article.path.name
        return f"{name}:{alias_line(self.article, index)}"


def check_aliases(site: Site, problems: ProblemList) -> None:
    """Report every alias whose redirect page would replace, block or share a file of the site."""
    files = site_files(site)
    claimed: dict[str, _Claim] = {}  # collision key of each redirect file
    folders: dict[str, _Claim] = {}  # collision key of each folder a redirect file needs
    for article in site.articles.values():
        for index, alias in enumerate(article.aliases):
            claim = _Claim(article, alias, redirect_file(alias))
            problem = _collision(claim, files, claimed, folders, site.root)
            if problem:
                problems.error(article.path, alias_line(article, index), problem, "alias")
                continue
            claimed.setdefault(collision_key(claim.file), claim)
            parts = claim.file.split("/")
            for depth in range(1, len(parts)):
                folders.setdefault(collision_key("/".join(parts[:depth])), claim)


def _collision(claim: _Claim, files: SiteFiles, claimed: dict[str, _Claim], folders: dict[str, _Claim],
               root: Path) -> str | None:
    shown = repr(claim.alias) if claim.alias else "'/' (the site's root)"
    where = f"alias {shown}" + ("" if claim.file == claim.alias else f" (file {claim.file})")
    owner = files.owner_of(claim.file)
    if owner in SKIPPED_NAMES:
        return f"{where} is named {owner}, which kbgen never publishes (in any folder); choose another name"
    if owner is not None:
        what = f"the folder {owner}, which kbgen fills" if owner.endswith("/") else f"{owner}, a file kbgen writes"
        return (f"{where} would replace or block {what}{_case_note(claim.file, owner)}; an alias must be an old "
                "address that no longer exists")
    key = collision_key(claim.file)
    other = claimed.get(key)
    if other is not None:
        if other.article is claim.article:
            return None  # the same old address twice (perhaps spelled differently): one redirect page
        return (f"{where} is also an alias of {other.where(root)}{_case_note(claim.file, other.file)}; an old "
                "address can lead to one article only")
    other = folders.get(key)
    if other is None:
        parts = key.split("/")
        other = next((claimed[k] for k in ("/".join(parts[:d]) for d in range(1, len(parts))) if k in claimed), None)
    if other is not None:
        return (f"{where} and the alias {other.alias!r} of {other.where(root)} need the same name as a file and "
                "as a folder; keep only one of them")
    return None


def _case_note(path: str, other: str) -> str:
    """Say why when ``path`` meets ``other`` (a file or ``folder/``) only without regard to case."""
    other = other.rstrip("/")
    if path == other or path.startswith(other + "/") or other.startswith(path + "/"):
        return ""
    return " (on IIS, Windows and macOS names that differ only in letter case are the same file)"


def redirects(site: Site) -> list[tuple[str, str, str]]:
    """(normalised old address, the file serving it, article docname) for every alias, sorted.

    An article listing one address twice (``a/`` and ``a/index.html``) gets one entry per
    spelling, for ``_redirects``; both share one redirect file.
    """
    return sorted({(alias, redirect_file(alias), a.docname) for a in site.articles.values() for alias in a.aliases})
