"""The normal form of an alias (an article's old address) and the file its redirect page is.

An alias is compared with every file the build writes (``kbgen.loading.site_files``) only after it is
reduced to one spelling, the way a web server reduces a request before it maps it to a file:

* percent-escapes are decoded once, as UTF-8 (servers decode before looking for the file);
* a leading ``/`` is the site's root and is dropped; ``.`` segments and empty segments
  (``a//b``, ``./a``, ``a/./b``) are dropped, as nginx (``merge_slashes``) and RFC 3986's
  remove_dot_segments do; a trailing ``/.`` is a trailing ``/``;
* the text is put in Unicode NFC, so an accent typed in two ways is one address.

What no static file can be, or what would break the site on some host, is refused with the
reason (``AliasRefused``) — never silently rewritten:

* a scheme or host (``https://…``, ``//host/…``), ``..`` (even escaped as ``%2e%2e``), a
  backslash, an escaped ``/`` (``%2F``), a ``%`` that starts no escape, invalid UTF-8;
* a query (``?id=3``: a static file cannot tell two queries apart) or a fragment (``#x``:
  browsers never send it to the server);
* control and invisible format characters (U+0000–U+001F, U+007F–U+009F, zero-width and
  bidirectional marks): two addresses that look the same must be the same;
* characters, segment endings and names Windows cannot store or maps onto another file — the
  site must survive being copied to an IIS server or an intranet share: ``< > : " | ? *``, a
  segment ending in ``.`` or a space (Windows drops them: ``index.html.`` *is* ``index.html``),
  device names (``con``, ``nul.html``, ``com1`` …), 8.3 short names (``PERGUN~1.HTM`` opens
  ``perguntas-frequentes.html``). Source: Microsoft, "Naming Files, Paths, and Namespaces"
  (learn.microsoft.com/windows/win32/fileio/naming-a-file);
* a segment starting with ``.`` (``.htaccess``, ``.well-known``: server configuration and hidden
  files, which servers commonly refuse to serve), a first segment starting with ``_`` (kbgen's own
  ``_static``, ``_images``, ``_redirects`` … and the host's ``_headers``, ``_routes.json``,
  ``_worker.js``: PRODUCT.md reserves names starting with ``_``), a file named ``web.config``
  (IIS reads it in every folder) or ``staticwebapp.config.json`` (Azure Static Web Apps);
* a segment longer than 255 bytes (the limit of ext4, NTFS and APFS).

Letter case is kept (old servers on Linux told ``Artigo`` from ``artigo``) but two paths that
differ only in case collide: ``collision_key`` is what is compared.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote_to_bytes

#: Windows device names: a file named so (with any extension) is the device, not a file.
_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
                      "com¹", "com²", "com³", "lpt¹", "lpt²", "lpt³", "conin$", "conout$"})
#: Characters Windows refuses in a file name (besides the separators and control characters).
_WINDOWS_FORBIDDEN = set('<>:"|?*')
#: An 8.3 short name such as PERGUN~1.HTM, which Windows resolves to an existing long name.
_SHORT_NAME = re.compile(r"^[^.~]{1,6}~[0-9]+(\.[^.]{0,3})?$")
#: Server configuration read from any folder of a site; a redirect page there breaks the site.
_HOST_FILES = frozenset({"web.config", "staticwebapp.config.json"})
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_MAX_SEGMENT_BYTES = 255
INDEX = "index.html"


class AliasRefused(ValueError):
    """An alias no redirect page can serve: the message says why and what to write instead."""


def _decode(text: str) -> str:
    """Decode %XX escapes once, as UTF-8; refuse a stray ``%`` and escapes of separators."""
    for match in re.finditer("%", text):
        if not _ESCAPE.match(text, match.start()):
            raise AliasRefused(f"{text!r} has a '%' that starts no escape like %20; write %25 for a '%' sign")
    escaped = {m.group(1).lower() for m in _ESCAPE.finditer(text)}
    if not escaped:
        return text
    if escaped & {"2f", "5c"}:
        raise AliasRefused(f"{text!r} has an escaped '/' or '\\' (%2F, %5C), which no file name can hold")
    try:
        return unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        raise AliasRefused(f"{text!r} has escapes that are not UTF-8 text") from None


def _segment_problem(segment: str) -> str | None:
    for ch in segment:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") or ch == "\ufffd":
            return f"{segment!r} has the invisible or control character U+{ord(ch):04X}; delete it"
        if ch in _WINDOWS_FORBIDDEN:
            return f"{segment!r} has {ch!r}, which Windows and IIS cannot store in a file name"
    if segment.startswith("."):
        return f"{segment!r} starts with '.': such names are web-server configuration (.htaccess) or hidden files"
    if segment[-1] in ". ":
        return f"{segment!r} ends in {segment[-1]!r}, which Windows drops (it would be another file)"
    if segment[0] == " ":
        return f"{segment!r} starts with a space"
    lower = segment.lower()
    if lower.split(".", 1)[0].rstrip(" ") in _DEVICES:
        return f"{segment!r} is a device name on Windows (con, nul, com1 …), not a file"
    if _SHORT_NAME.match(segment):
        return f"{segment!r} has the shape of a Windows short name (PERGUN~1.HTM), which stands for another file"
    if lower in _HOST_FILES:
        return f"{segment!r} is a web server's configuration file"
    if len(segment.encode("utf-8")) > _MAX_SEGMENT_BYTES:
        return f"{segment[:20]!r}… is longer than {_MAX_SEGMENT_BYTES} bytes, the limit of a file name"
    return None


def normalise_alias(text: str) -> str:
    """The normal form of an alias: site-relative, decoded, NFC, ``/``-separated.

    A trailing ``/`` is kept (the address of a folder). ``""`` is the site's root (whose file,
    ``index.html``, is the home page — ``check_aliases`` reports that collision).
    """
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) or text.startswith(("//", "\\\\")):
        raise AliasRefused(f"expected a site-relative path like suporte/artigo-antigo.html, found {text!r}")
    for mark, why in (("?", "a query ('?…'), which static files cannot tell apart: write the path alone "
                            "(then every query of it leads here) or redirect it in the web server"),
                      ("#", "a fragment ('#…'), which browsers never send to the server: write the path alone")):
        if mark in text:
            raise AliasRefused(f"{text!r} has {why}")
    if "\\" in text:
        raise AliasRefused(f"{text!r} has a backslash: separate folders with '/'")
    decoded = unicodedata.normalize("NFC", _decode(text))
    folder = decoded.endswith(("/", "/.")) or decoded in (".", "")
    segments = [s for s in decoded.split("/") if s not in ("", ".")]
    if ".." in segments:
        raise AliasRefused(f"{text!r} goes up a folder ('..'): write the path from the site's root")
    for segment in segments:
        problem = _segment_problem(segment)
        if problem:
            raise AliasRefused(problem if segment == text else f"{problem} (in {text!r})")
    if segments and segments[0].startswith("_"):
        raise AliasRefused(f"{text!r} starts with {segments[0]!r}: names starting with '_' at the top of the "
                           "site are kbgen's and the web host's (_static, _images, _redirects, _headers …)")
    path = "/".join(segments)
    return path + "/" if folder and path else path


def redirect_file(alias: str) -> str:
    """The file serving a normalised alias: ``a/b.html`` as is, ``a/b`` and ``a/b/`` as ``a/b/index.html``.

    An old address whose last segment has an extension (``old.html``, ``artigo.php``) was a file
    on the old server; one without was a folder (MkDocs' ``foo/bar/``, Zendesk's
    ``hc/pt-br/articles/360012345-Titulo``), which web servers serve from its ``index.html``.
    """
    if not alias or alias.endswith("/"):
        return alias + INDEX
    if "." in alias.rsplit("/", 1)[-1]:
        return alias
    return alias + "/" + INDEX


def collision_key(path: str) -> str:
    """What two output paths are compared by: NFC and lower case, as on IIS, Windows and macOS.

    ``str.lower`` (not ``casefold``) is the closer match to NTFS's per-character upper-case table:
    NTFS keeps ``straße`` and ``strasse`` apart.
    """
    return unicodedata.normalize("NFC", path).lower()
