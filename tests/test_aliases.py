"""Aliases never take a file of the site (issue 18, failure 5 and "what must hold" 2).

Normal form and refusals (``kbgen.alias_paths``), collisions with every file the build writes
(``kbgen.loading.site_files``, checked against a real build's tree), each reported at the alias's own
line by ``load_site`` and ``kbgen check``, and redirect pages that are removed without ever
taking a real page with them.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.alias_paths import AliasRefused, collision_key, normalise_alias, redirect_file
from kbgen.errors import ProblemList
from kbgen.loading.aliases import check_aliases
from kbgen.loading.site_files import OPTIONAL_FILES, OWNED_FOLDERS, SiteFiles, site_files
from kbgen.loading.walker import load_site
from kbgen.model import Site

from .conftest import MINIMAL, build_clean, copy_site, kbgen

CANCEL = "fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e"
ETICA = "rh/folha-de-pagamento/etica-no-servico-publico"


def _set_front(site: Path, docname: str, extra: str) -> Path:
    """Put ``extra`` (YAML lines) right after the opening ``---`` (line 2 on)."""
    path = site / f"{docname}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\n{extra}", 1), encoding="utf-8")
    _touch(path)
    return path


def _touch(path: Path) -> None:
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))


def _dirs(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _errors(site: Path) -> list[tuple[str, int, str]]:
    _site, problems = load_site(site)
    return [(p.path, p.line, p.message) for p in problems.errors]


# --- the normal form ---------------------------------------------------------------------------

@pytest.mark.parametrize("alias, normal, file", [
    ("velho/artigo.html", "velho/artigo.html", "velho/artigo.html"),
    ("/kb/artigo.php", "kb/artigo.php", "kb/artigo.php"),
    ("suporte/antigo/", "suporte/antigo/", "suporte/antigo/index.html"),
    ("hc/pt-br/articles/360012345-Titulo-do-artigo", "hc/pt-br/articles/360012345-Titulo-do-artigo",
     "hc/pt-br/articles/360012345-Titulo-do-artigo/index.html"),  # Zendesk: kept as a folder, case kept
    ("foo/bar/", "foo/bar/", "foo/bar/index.html"),  # MkDocs
    ("foo/bar.html", "foo/bar.html", "foo/bar.html"),  # Sphinx
    ("./velho.html", "velho.html", "velho.html"),
    ("a//b/./c.html", "a/b/c.html", "a/b/c.html"),
    ("x.html/.", "x.html/", "x.html/index.html"),
    ("a/%2e/b.html", "a/b.html", "a/b.html"),
    ("hc/Eletr%C3%B4nica", "hc/Eletrônica", "hc/Eletrônica/index.html"),
    ("hc/Eletro\u0302nica.html", "hc/Eletrônica.html", "hc/Eletrônica.html"),  # NFD typed → NFC
    ("manual%20do%20usuario.html", "manual do usuario.html", "manual do usuario.html"),
    ("a%2523.html", "a%23.html", "a%23.html"),  # decoded once, like a server
    ("/", "", "index.html"),
])
def test_normal_form(alias: str, normal: str, file: str) -> None:
    assert normalise_alias(alias) == normal
    assert redirect_file(normal) == file


@pytest.mark.parametrize("alias, message", [
    ("https://outro.example.com/x", "expected a site-relative path"),
    ("//outro.example.com/x", "expected a site-relative path"),
    ("../x.html", "goes up a folder"),
    ("a/%2e%2e/x.html", "goes up a folder"),
    ("a%2Fb.html", "escaped '/'"),
    ("a%5cb.html", "escaped '/' or '\\'"),
    ("a\\b.html", "backslash"),
    ("100%.html", "starts no escape"),
    ("a%ff.html", "not UTF-8"),
    ("artigo.php?id=3", "a query"),
    ("artigo.html#parte", "a fragment"),
    ("a%00b.html", "control character U+0000"),
    ("a\u202eb.html", "U+202E"),
    ("a\u200bb.html", "U+200B"),
    (".htaccess", "starts with '.'"),
    ("docs/.htpasswd", "starts with '.'"),
    (".kbgen-site", "starts with '.'"),
    (".buildinfo", "starts with '.'"),
    (".well-known/x.html", "starts with '.'"),
    ("_redirects", "names starting with '_'"),
    ("_headers", "names starting with '_'"),
    ("_worker.js", "names starting with '_'"),
    ("_static/kbgen.js", "names starting with '_'"),
    ("/_images/x.png", "names starting with '_'"),
    ("./_downloads/x.pdf", "names starting with '_'"),
    ("web.config", "configuration file"),
    ("docs/Web.Config", "configuration file"),
    ("staticwebapp.config.json", "configuration file"),
    ("index.html.", "ends in '.'"),
    ("index.html ", None),  # YAML/short_text strips the outer space: "index.html" (a collision, below)
    ("a /b.html", "ends in ' '"),
    ("con.html", "device name"),
    ("docs/NUL", "device name"),
    ("lpt1.txt", "device name"),
    ("PERGUN~1.HTM", "short name"),
    ("docs/a:b.html", "':'"),
    ("a|b.html", "'|'"),
    ("a*.html", "'*'"),
    ("a%3Fb.html", "'?'"),
    ("x" * 256 + ".html", "longer than 255 bytes"),
])
def test_refused(alias: str, message: str | None) -> None:
    if message is None:
        assert normalise_alias(alias.strip()) == "index.html"
        return
    with pytest.raises(AliasRefused, match=None) as caught:
        normalise_alias(alias)
    assert message in str(caught.value)


def test_collision_key_folds_case_and_unicode_form() -> None:
    assert collision_key("Perguntas-Frequentes.HTML") == collision_key("perguntas-frequentes.html")
    assert collision_key("cafe\u0301.html") == collision_key("café.html")
    assert collision_key("straße.html") != collision_key("strasse.html")  # NTFS keeps them apart


# --- collisions with files of the site, at the alias's line -------------------------------------

# The reproduced failures (./index.html, fiscal/./index.html, <article>.html/., .htaccess,
# _redirects, 404.html/) and their siblings: every kind of file the build writes, by every spelling.
COLLIDING = [
    "./index.html", "fiscal/./index.html", f"{ETICA}.html/.", "404.html/", "Index.html", "INDEX.HTML",
    "fiscal//index.html", "fiscal/", "fiscal", "FISCAL/Index.html", "fiscal/nota-fiscal-eletronica",
    f"{CANCEL}.html", f"{CANCEL.upper()}.html", "index.html/velho.html", "conjuntos.html",
    "perguntas-frequentes.html", "mais-lidos.html", "canais-de-atendimento.html", "registrar-atendimento.html",
    "search.html", "404.html", "acessibilidade.html", "genindex.html", "novidades.xml", "rh/novidades.xml",
    "Rh/Novidades.xml", "sitemap.xml", "robots.txt", "robots.txt/", "objects.inv", "/", "%2e/index.html",
    "fiscal/%69ndex.html", "fiscal/nota-fiscal-eletronica/index.html/", "rh/folha-de-pagamento/",
    "docs/objects.inv", "Objects.INV",  # never published, in any folder (publish._SKIP)
]


@pytest.fixture
def etica_site(tmp_path: Path) -> Path:
    return copy_site(MINIMAL, tmp_path / "content")


@pytest.mark.parametrize("alias", COLLIDING)
def test_alias_taking_a_file_of_the_site_is_an_error_at_its_line(etica_site: Path, alias: str) -> None:
    _set_front(etica_site, ETICA, f"aliases:\n  - velho/etica.html\n  - '{alias}'\n")
    errors = _errors(etica_site)
    assert [(path, line) for path, line, _message in errors] == [(f"content/{ETICA}.md", 4)], errors
    assert "would replace or block" in errors[0][2] or "which kbgen never publishes" in errors[0][2]


@pytest.mark.parametrize("alias", [".htaccess", "_redirects", "_static/kbgen.js", "web.config", "con.html",
                                   "index.html.", "a?b=1"])
def test_refused_alias_is_an_error_at_its_line(etica_site: Path, alias: str) -> None:
    _set_front(etica_site, ETICA, f"aliases:\n  - velho/etica.html\n  - '{alias}'\n")
    errors = _errors(etica_site)
    assert [(path, line) for path, line, _message in errors] == [(f"content/{ETICA}.md", 4)], errors
    assert errors[0][2].startswith("'aliases': item 2: ")


def test_any_list_items_problem_is_at_the_items_line(etica_site: Path) -> None:
    """The same mechanism for every list field (here tags): item 2 of a block list, at its line."""
    _set_front(etica_site, ETICA, "tags:\n  - nfse\n  - " + "serviço público " * 7 + "\n")  # over 100 characters
    errors = _errors(etica_site)
    assert [(path, line) for path, line, _message in errors] == [(f"content/{ETICA}.md", 4)], errors
    assert errors[0][2].startswith("'tags': item 2: ")


@pytest.mark.parametrize("first, second", [
    ("antigo/nfse", "antigo/nfse/"),
    ("antigo/nfse", "Antigo/NFSE/index.html"),
    ("antigo/café.html", "antigo/cafe\u0301.html"),
    ("antigo%20nfse.html", "antigo nfse.html"),
])
def test_two_articles_sharing_an_old_address(etica_site: Path, first: str, second: str) -> None:
    _set_front(etica_site, CANCEL, f"aliases: ['{first}']\n")
    _set_front(etica_site, ETICA, f"aliases:\n  - velho/etica.html\n  - '{second}'\n")
    errors = _errors(etica_site)
    assert [(path, line) for path, line, _message in errors] == [(f"content/{ETICA}.md", 4)], errors
    assert f"is also an alias of {CANCEL}.md:2" in errors[0][2]


def test_alias_as_file_and_as_folder(etica_site: Path) -> None:
    _set_front(etica_site, CANCEL, "aliases: [antigo.html]\n")
    _set_front(etica_site, ETICA, "aliases:\n  - antigo.html/etica.html\n")
    errors = _errors(etica_site)
    assert [(path, line) for path, line, _message in errors] == [(f"content/{ETICA}.md", 3)], errors
    assert "the same name as a file and as a folder" in errors[0][2]


def test_one_article_may_list_one_address_twice(etica_site: Path) -> None:
    _set_front(etica_site, ETICA, "aliases: [antigo/etica, antigo/etica/, Antigo/Etica/index.html]\n")
    assert _errors(etica_site) == []


def test_kbgen_check_reports_each_alias_at_its_line(etica_site: Path, tmp_path: Path) -> None:
    _set_front(etica_site, ETICA, "aliases:\n  - ./index.html\n  - velho/etica.html\n  - fiscal/./index.html\n"
                                  "  - 404.html/\n  - Rh/Novidades.xml\n")
    _set_front(etica_site, CANCEL, "aliases:\n  - .htaccess\n  - velho/cancelar.html\n  - _redirects\n")
    result = kbgen("check", "--source", str(etica_site), "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout + result.stderr
    for where, text in [(f"{ETICA}.md:3", "alias 'index.html' would replace or block index.html"),
                        (f"{ETICA}.md:5", "alias 'fiscal/index.html' would replace or block fiscal/index.html"),
                        (f"{ETICA}.md:6", "alias '404.html/' (file 404.html/index.html) would replace or "
                                          "block 404.html"),
                        (f"{ETICA}.md:7", "alias 'Rh/Novidades.xml' would replace or block rh/novidades.xml"),
                        (f"{CANCEL}.md:3", "'aliases': item 1: '.htaccess' starts with '.'"),
                        (f"{CANCEL}.md:5", "'aliases': item 3: '_redirects' starts with '_redirects'")]:
        assert f"content/{where}: {text}" in output, output
    assert "kbgen: 6 error(s)" in output and "Traceback" not in output


# --- the single list of files, against a real build ---------------------------------------------

@pytest.fixture(scope="module")
def full_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The minimal site with every optional output: base_url (sitemap), page views (mais-lidos),
    a set icon and a logo (_static), an image (_images), a download (_downloads), redirects."""
    work = tmp_path_factory.mktemp("aliases-full")
    site = copy_site(MINIMAL, work / "content")
    shutil.copy(site / "fiscal/nota-fiscal-eletronica/img/cancelar.png", site / "fiscal/icone.png")
    shutil.copy(site / "fiscal/nota-fiscal-eletronica/img/cancelar.png", site / "logo.png")
    with (site / "fiscal/_set.yml").open("a", encoding="utf-8") as f:
        f.write("icon: fiscal/icone.png\n")
    with (site / "kb.yml").open("a", encoding="utf-8") as f:
        f.write("logo: logo.png\n")
    (site / "_data").mkdir()
    (site / "_data/pageviews.csv").write_text(f"path,views\n{CANCEL}.html,10\n{ETICA}.html,5\n", encoding="utf-8")
    (site / "fiscal/nota-fiscal-eletronica/modelo.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    path = _set_front(site, CANCEL, "aliases: [hc/pt-br/articles/1-Cancelar, velho/cancelar.html]\n")
    path.write_text(path.read_text(encoding="utf-8") + "\nBaixe o [modelo](modelo.csv).\n", encoding="utf-8")
    return site, build_clean(site, work)


def test_site_files_is_every_file_the_build_writes(full_build: tuple[Path, Path]) -> None:
    site_dir, out = full_build
    site, problems = load_site(site_dir)
    assert not problems.errors
    listed = site_files(site)
    tree = set(_tree(out)) | set(_tree(out.parent / "cache/html"))  # --out, and the cache's copy (.buildinfo)
    redirects = {redirect_file(alias) for article in site.articles.values() for alias in article.aliases}
    for folder in OWNED_FOLDERS[:3]:  # the build really fills these: _static, _images, _downloads
        assert any(name.startswith(folder + "/") for name in tree), folder
    in_folders = {name for name in tree if name.split("/", 1)[0] in OWNED_FOLDERS}
    # every file written is known (so no alias can take it) ...
    assert tree - in_folders - redirects == tree & listed.files, sorted(tree - in_folders - redirects - listed.files)
    # ... and every file listed is written, unless it is reserved for builds with other settings
    assert listed.files - tree <= OPTIONAL_FILES, sorted(listed.files - tree - OPTIONAL_FILES)
    assert {"mais-lidos.html", "sitemap.xml", ".kbgen-site"} <= tree


def _key(path: str) -> str:
    """The test's own oracle for "the same file on IIS, Windows and macOS" (not kbgen's function)."""
    return unicodedata.normalize("NFC", path).lower()


def _clashes(file: str, tree: set[str]) -> bool:
    parts = file.split("/")
    keys = {_key(name) for name in tree}
    folders = {_key("/".join(name.split("/")[:d])) for name in tree for d in range(1, name.count("/") + 1)}
    key = _key(file)
    return key in keys or key in folders or any(_key("/".join(parts[:d])) in keys for d in range(1, len(parts)))


# A hostile alias is built from segments that servers, file systems and kbgen treat specially.
_SEGMENT_LIST = [
    "", ".", "..", "%2e", "%2E%2e", "index.html", "Index.HTML", "fiscal", "FISCAL", "rh", "novidades.xml",
    "nota-fiscal-eletronica", "como-cancelar-uma-nfs-e.html", "404.html", "search.html", "sitemap.xml", "_static",
    "_redirects", "_images", ".htaccess", ".kbgen-site", "web.config", "velho", "velho.html", "caf%C3%A9",
    "cafe\u0301.html", "a%2Fb", "a b", "a ", "con", "x.", "%", "%zz", "%ff", "?id=3", "#x", "\\", "\u200b",
    "mais-lidos.html", "robots.txt", "_downloads", "folha-de-pagamento", "etica-no-servico-publico.html",
]
_SEGMENTS = st.sampled_from(_SEGMENT_LIST)
_ALIASES = st.builds(lambda lead, parts, trail: lead + "/".join(parts) + trail,
                     st.sampled_from(["", "/", "./", "//"]), st.lists(_SEGMENTS, min_size=1, max_size=5),
                     st.sampled_from(["", "/", "/.", "//"]))


@pytest.fixture(scope="module")
def real_tree(full_build: tuple[Path, Path]) -> tuple[set[str], SiteFiles]:
    site_dir, out = full_build
    site, _problems = load_site(site_dir)
    aliases = {redirect_file(a) for article in site.articles.values() for a in article.aliases}
    return {name for name in _tree(out) if name not in aliases}, site_files(site)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(alias=_ALIASES)
def test_property_normal_form_never_lands_on_the_real_tree(real_tree: tuple[set[str], SiteFiles], alias: str) -> None:
    """Either refused, or its one redirect file is a new name on every disk, beside the real tree."""
    tree, listed = real_tree
    try:
        normal = normalise_alias(alias)
    except AliasRefused:
        return
    file = redirect_file(normal)
    parts = file.split("/")
    assert "" not in parts and "." not in parts and ".." not in parts and "\\" not in file
    assert file == unicodedata.normalize("NFC", file) and not file.startswith(("/", "_", "."))
    clashes = _clashes(file, tree)
    # the alias check (site_files) refuses exactly the names that clash with the real tree
    assert (listed.owner_of(file) is not None) >= clashes, (alias, file)


# --- removing aliases never removes a page -------------------------------------------------------

HOSTILE_BUT_LEGAL = ["./velho//cancelar.html", "hc/pt-br/articles/360012345-Como-Cancelar-uma-NFS-e",
                     "hc/pt-br/articles/360012346-Eletr%C3%B4nica", "Manual%20do%20Usu%C3%A1rio.html",
                     "manual/cafe\u0301.html", "/suporte/antigo/.", "a%2523.html", "docs/kb.aspx"]


def _random_legal_aliases(seed: int, count: int, taken: set[str]) -> list[str]:
    """Aliases composed at random from hostile segments, kept when accepted and clear of ``taken``
    (the real tree) and of each other by the test's own oracle — the build must then accept them."""
    rng = random.Random(seed)
    segments = [*_SEGMENT_LIST, "Velho", "VELHO.html", "nfse", "a%20b.html", "%C3%A9", "e\u0301.html", "x.php"]
    chosen: list[str] = []
    files: set[str] = set()
    while len(chosen) < count:
        alias = rng.choice(["", "/", "./", "//"]) + "/".join(rng.choices(segments, k=rng.randint(1, 4)))
        alias += rng.choice(["", "/", "/.", "//"])
        try:
            file = redirect_file(normalise_alias(alias.strip()))
        except AliasRefused:
            continue
        others = {f for f in files if _key(f) != _key(file)}  # one article: the same file twice is fine
        if alias.strip() and not _clashes(file, taken) and not _clashes(file, others):
            chosen.append(alias.strip())
            files.add(file)
    return chosen


def test_redirects_land_at_the_normal_form_and_leave_without_a_trace(tmp_path: Path) -> None:
    site = copy_site(MINIMAL, tmp_path / "content")
    plain_out = build_clean(copy_site(MINIMAL, tmp_path / "plain-content"), tmp_path / "plain")
    plain, plain_dirs = _tree(plain_out), _dirs(plain_out)
    aliases = HOSTILE_BUT_LEGAL + _random_legal_aliases(18, 40, set(plain) | OPTIONAL_FILES | {".buildinfo"})
    quoted = ", ".join(json.dumps(a, ensure_ascii=False) for a in aliases)
    path = _set_front(site, CANCEL, f"aliases: [{quoted}]\n")
    out = build_clean(site, tmp_path)  # strict: the check accepts every one of them
    with_aliases = _tree(out)
    assert {redirect_file(normalise_alias(a)) for a in HOSTILE_BUT_LEGAL} == {
        "velho/cancelar.html", "hc/pt-br/articles/360012345-Como-Cancelar-uma-NFS-e/index.html",
        "hc/pt-br/articles/360012346-Eletrônica/index.html", "Manual do Usuário.html", "manual/café.html",
        "suporte/antigo/index.html", "a%23.html", "docs/kb.aspx"}
    expected = {redirect_file(normalise_alias(a)) for a in aliases}
    assert set(with_aliases) - set(plain) == expected  # each at its normal form, and nowhere else
    for name in expected:
        assert "como-cancelar-uma-nfs-e.html" in with_aliases[name].decode()
    changed = {n for n in plain if with_aliases[n] != plain[n]}
    assert changed <= {"_redirects"}, changed  # every real page is byte for byte the same
    lines = with_aliases["_redirects"].decode().splitlines()
    assert "/Manual%20do%20Usu%C3%A1rio.html /fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html 301" in lines
    assert "/a%2523.html /fiscal/nota-fiscal-eletronica/como-cancelar-uma-nfs-e.html 301" in lines
    assert all(len(line.split(" ")) == 3 for line in lines)
    # removing the aliases gives back the plain site, nothing more and nothing less (folders too)
    path.write_text(path.read_text(encoding="utf-8").replace(f"aliases: [{quoted}]\n", ""), encoding="utf-8")
    _touch(path)
    build_clean(site, tmp_path)
    assert _tree(out) == plain and _dirs(out) == plain_dirs


def test_article_moved_back_to_its_old_address_keeps_its_page(etica_site: Path, tmp_path: Path) -> None:
    """The alias's redirect page is replaced by a real article: removing the alias keeps the article."""
    _set_front(etica_site, CANCEL, "aliases: [fiscal/nota-fiscal-eletronica/velho.html]\n")
    out = build_clean(etica_site, tmp_path)
    assert "como-cancelar-uma-nfs-e.html" in (out / "fiscal/nota-fiscal-eletronica/velho.html").read_text()
    path = etica_site / f"{CANCEL}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [fiscal/nota-fiscal-eletronica/velho.html]\n",
                                                             ""), encoding="utf-8")
    _touch(path)
    new = etica_site / "fiscal/nota-fiscal-eletronica/velho.md"
    new.write_text("---\ntitle: O artigo velho voltou\n---\n\nTexto.\n", encoding="utf-8")
    _touch(new)
    build_clean(etica_site, tmp_path)
    page = out / "fiscal/nota-fiscal-eletronica/velho.html"
    assert page.is_file() and "O artigo velho voltou" in page.read_text(encoding="utf-8")


def test_redirect_at_a_removed_sets_feed_survives_the_feed_clean_up(etica_site: Path, tmp_path: Path) -> None:
    out = build_clean(etica_site, tmp_path)
    assert (out / "rh/novidades.xml").is_file()
    shutil.rmtree(etica_site / "rh")
    _set_front(etica_site, CANCEL, "aliases: [rh/novidades.xml]\n")
    build_clean(etica_site, tmp_path)
    assert "como-cancelar-uma-nfs-e.html" in (out / "rh/novidades.xml").read_text(encoding="utf-8")


def test_a_poisoned_redirect_state_never_deletes_a_page(etica_site: Path, tmp_path: Path) -> None:
    """An older kbgen let './index.html' through and recorded index.html as its redirect page:
    the next build must not delete the home page (nor any file it did not write)."""
    out = build_clean(etica_site, tmp_path)
    state = tmp_path / "cache/doctrees/kbgen-redirects.json"
    state.write_text('["index.html", "fiscal/index.html", "rh/novidades.xml", "_static/kbgen.js", "404.html"]',
                     encoding="utf-8")
    before = _tree(out)
    _touch(etica_site / f"{ETICA}.md")
    build_clean(etica_site, tmp_path)
    assert _tree(out) == before


# --- the alias check on the site model, against the real tree ------------------------------------

@pytest.fixture(scope="module")
def model(full_build: tuple[Path, Path]) -> tuple[Site, set[str]]:
    site_dir, out = full_build
    site, _problems = load_site(site_dir)
    aliases = {redirect_file(a) for article in site.articles.values() for a in article.aliases}
    tree = set(_tree(out)) | set(_tree(out.parent / "cache/html"))
    return site, {name for name in tree if name not in aliases}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=_ALIASES, second=_ALIASES)
def test_property_check_aliases_refuses_at_the_line_or_leaves_the_tree_alone(
        model: tuple[Site, set[str]], first: str, second: str) -> None:
    """Two articles' aliases: every one that would touch the real tree or the other's file is an
    error at its own line; what is accepted lands on new names only, apart from each other."""
    site, tree = model
    articles = [site.articles[CANCEL], site.articles[ETICA]]
    normals: list[str | None] = []
    for alias in (first, second):
        try:
            normals.append(normalise_alias(alias))
        except AliasRefused:
            normals.append(None)  # the schema's error, at the item's line: test_refused_alias_is_an_error_at_its_line
    trial = Site(site.root, site.config, site.sets, site.modules, dict(site.articles))
    for article, normal, line in zip(articles, normals, (7, 9), strict=True):
        trial.articles[article.docname] = dataclasses.replace(
            article, aliases=(normal,) if normal is not None else (), key_lines={"aliases[0]": line})
    problems = ProblemList(site.root)
    check_aliases(trial, problems)
    reported = {(p.path, p.line) for p in problems.errors}
    accepted: list[str] = []
    for article, normal, line in zip(articles, normals, (7, 9), strict=True):
        if normal is None:
            continue
        file = redirect_file(normal)
        where = (problems.display(article.path), line)
        if _clashes(file, tree):
            assert where in reported, (normal, file, [p.format() for p in problems.items])
        elif where not in reported:
            accepted.append(file)
    assert len(reported) == len(problems.errors)  # one error per alias at most
    if len(accepted) == 2 and {a.docname for a in articles} == {CANCEL, ETICA}:
        a, b = accepted
        assert not _clashes(a, {b}) and not _clashes(b, {a}), accepted


# --- build: refused before anything is written; a redirect turning from folder to file ----------

def test_build_refuses_a_colliding_alias_and_keeps_the_last_site(etica_site: Path, tmp_path: Path) -> None:
    out = build_clean(etica_site, tmp_path)
    before = _tree(out)
    _set_front(etica_site, ETICA, "aliases:\n  - fiscal/./index.html\n")
    result = kbgen("build", "--source", str(etica_site), "--out", str(out), "--cache-dir", str(tmp_path / "cache"),
                   cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"content/{ETICA}.md:3: alias 'fiscal/index.html' would replace or block fiscal/index.html" in output
    assert "Traceback" not in output and "kb.yml" not in output
    assert _tree(out) == before


def test_an_alias_turning_from_folder_to_file(etica_site: Path, tmp_path: Path) -> None:
    path = _set_front(etica_site, ETICA, "aliases: [velho.html/]\n")
    out = build_clean(etica_site, tmp_path)
    assert (out / "velho.html/index.html").is_file()
    path.write_text(path.read_text(encoding="utf-8").replace("velho.html/]", "velho.html]"), encoding="utf-8")
    _touch(path)
    build_clean(etica_site, tmp_path)
    assert (out / "velho.html").is_file() and "etica-no-servico-publico.html" in (out / "velho.html").read_text()
