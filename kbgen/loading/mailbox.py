"""Which ``name@domain`` strings in an article are someone's e-mail address.

Many are not, and a linter that says they are is soon ignored: chat thread ids
(``19:abc@thread.v2``), packages pinned to a version (``lodash@4.17.21``), image variants
(``logo@2x.png``), the ``git`` account of an SSH remote (``git@github.com:org/repo.git``), the user
part of a URL (``https://org@dev.azure.com/org``), and addresses at names reserved for
documentation, which no one can own: RFC 2606 / RFC 6761 (``example.com``, ``.test`` …) and, for
address literals (RFC 5321 §4.1.3), the documentation IPs of RFC 5737 and RFC 3849.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

# \w, not [A-Za-z]: authors write "joão@…", and an address cut at the accent would be reported as "o@…"
EMAIL = re.compile(r"[\w.%+-]+@(?:[\w-]+(?:\.[\w-]+)+|\[(?:IPv6:)?[0-9A-Fa-f:.]+\])")

#: RFC 2606 §2 and RFC 6761 §6: top-level names reserved for tests, examples and invalid addresses
RESERVED_TLDS = frozenset({"test", "example", "invalid", "localhost"})
#: RFC 2606 §3: second-level names reserved for documentation
RESERVED_DOMAINS = frozenset({"example.com", "example.net", "example.org"})
#: RFC 5737 (IPv4) and RFC 3849 (IPv6): address blocks reserved for documentation
DOCUMENTATION_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"))
#: Microsoft Teams and Skype conversation ids ("19:…@thread.v2", "19:…@unq.gbl.spaces")
CHAT_THREAD_DOMAINS = frozenset({"thread.v2", "thread.tacv2", "thread.skype", "unq.gbl.spaces"})
#: file-name endings that are no top-level domain (IANA root zone), so "logo@2x.png" is a file;
#: endings that are also TLDs (.zip, .mov, .py, .sh, .md) are left out on purpose
FILE_ENDINGS = frozenset({
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp", "ico", "tif", "tiff", "pdf", "csv", "txt",
    "xml", "json", "yml", "yaml", "toml", "ini", "cfg", "conf", "html", "htm", "css", "js", "mjs", "cjs",
    "ts", "tsx", "jsx", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "exe", "dll"})
# a package pinned to a version: "lodash@4.17.21", "node@v20.1.0", "pkg@1.0.0-beta.rc"
_VERSION = re.compile(r"v?\d+(?:\.\d+)+(?:[-+.]|$)", re.IGNORECASE)
# "scheme://user@host" or "scheme://user:password@host": a login in a URL, not a mailbox
_URL_USERINFO = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#@]*$")
# ICANN top-level domains are letters, or an IDN's "xn--" form; "thread.v2" or "1.2.3" end otherwise
_TLD = re.compile(r"(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)", re.IGNORECASE)


def mailboxes(line: str) -> Iterator[str]:
    """The e-mail addresses in ``line`` that can belong to someone."""
    for match in EMAIL.finditer(line):
        if is_mailbox(match.group(), line[: match.start()]):
            yield match.group()


def is_mailbox(address: str, before: str = "") -> bool:
    """Whether ``address`` (found after the text ``before``, on its line) can be someone's mailbox."""
    local, _, domain = address.rpartition("@")
    domain = domain.lower()
    if domain.startswith("["):
        return not _documentation_ip(domain.strip("[]").removeprefix("IPv6:").removeprefix("ipv6:"))
    tld = domain.rsplit(".", 1)[-1]
    return not (
        not _TLD.fullmatch(tld)
        or tld in FILE_ENDINGS
        or _VERSION.match(domain)
        or domain in CHAT_THREAD_DOMAINS
        or tld in RESERVED_TLDS
        or any(domain == d or domain.endswith("." + d) for d in RESERVED_DOMAINS)
        or local.lower() == "git"  # the SSH account of every git host, in "git@github.com:org/repo.git"
        or _URL_USERINFO.search(before)
    )


def _documentation_ip(text: str) -> bool:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return address.is_loopback or any(address in network for network in DOCUMENTATION_NETWORKS)
