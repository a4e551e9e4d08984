"""Every file a build writes for a site — the one list the alias check and its drift test share.

Derived from the site model (sets, modules, articles) and the URL map (``kbgen.urls``), never
kept by hand beside them: ``tests/test_aliases.py`` builds a site with every optional feature
and compares this list with the real ``--out`` tree, so a new machine file that is not added
here fails that test. Plain Python (no Sphinx) so ``load_site`` can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from kbgen import publish, urls
from kbgen.alias_paths import collision_key

if TYPE_CHECKING:
    from kbgen.model import Site

#: Folders whose whole content the build owns: theme and search files, article images,
#: downloads (``_downloads/<hash>/``), Sphinx's sources (off, but Sphinx's own name).
OWNED_FOLDERS = ("_static", "_images", "_downloads", "_sources")

#: Top-level files other than pages, each written after every build.
MACHINE_FILES = (urls.SITEMAP, urls.ROBOTS, urls.REDIRECTS, urls.feed_path(None))

#: Files the build leaves in ``--out`` besides the site, or in the cache's copy of it, which
#: publishing skips (``.buildinfo``, Sphinx's inventory): nothing else may take their names.
BUILD_FILES = (publish.MARKER, ".buildinfo", ".buildinfo.bak", "objects.inv")

#: Names publishing never copies, in any folder: a redirect page so named would silently be missing.
SKIPPED_NAMES = frozenset(name.lower() for name in publish._SKIP)  # publish's own list, not a copy

#: Reserved names a given build may not write: the most-read page exists only with page-view
#: data, the sitemap only with ``base_url``, and Sphinx's index pages never (kbgen turns them off).
OPTIONAL_FILES = frozenset({urls.html_path(urls.MOST_READ), urls.SITEMAP, urls.html_path("genindex"),
                            urls.html_path("py-modindex"), "objects.inv", ".buildinfo.bak"})


@dataclass(frozen=True)
class SiteFiles:
    """The files of a site (relative, ``/``-separated) and the folders it fills wholesale."""

    files: frozenset[str]
    folders: tuple[str, ...] = OWNED_FOLDERS

    def owner_of(self, path: str) -> str | None:
        """What of the site ``path`` would replace or block on a case-insensitive disk, or None.

        The same file (``Index.html`` is ``index.html`` on IIS), a file inside a file of the site
        (``index.html/x.html``), a folder of the site (``fiscal``) or anything in an owned folder.
        """
        key = collision_key(path)
        if key.rsplit("/", 1)[-1] in SKIPPED_NAMES:
            return key.rsplit("/", 1)[-1]
        first = key.split("/", 1)[0]
        for folder in self.folders:
            if first == folder.lower():
                return f"{folder}/"
        keys = self._file_keys
        if key in keys:
            return keys[key]
        parts = key.split("/")
        for depth in range(1, len(parts)):
            above = "/".join(parts[:depth])
            if above in keys:
                return keys[above]
        folders = self._folder_keys
        if key in folders:
            return folders[key]
        return None

    @cached_property
    def _file_keys(self) -> dict[str, str]:
        return {collision_key(f): f for f in sorted(self.files)}

    @cached_property
    def _folder_keys(self) -> dict[str, str]:
        folders: dict[str, str] = {}
        for path in sorted(self.files):
            parts = path.split("/")
            for depth in range(1, len(parts)):
                folder = "/".join(parts[:depth])
                folders.setdefault(collision_key(folder), folder + "/")
        return folders


def site_files(site: Site) -> SiteFiles:
    """Every file the build of ``site`` writes outside the owned folders, redirect pages excepted.

    Conservative: it includes the reserved names a build writes only with some settings
    (``OPTIONAL_FILES``), so an alias never takes a name the next build may need.
    """
    files = {urls.html_path(name) for name in urls.RESERVED_PAGES}
    files.update(MACHINE_FILES)
    files.update(BUILD_FILES)
    for set_info in site.sets.values():
        files.add(urls.html_path(set_info.pagename))
        files.add(urls.feed_path(set_info.slug))
    for module in site.modules.values():
        files.add(urls.html_path(module.pagename))
    for docname in site.articles:
        files.add(urls.html_path(docname))
    return SiteFiles(frozenset(files))
