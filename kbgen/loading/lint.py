"""The author's linter: findings of ``kbgen check`` that never fail a build.

Plain Python over the validated site and the article sources (so every finding has a line):
duplicate titles, unused images, missing descriptions, personal data (CPF, CNPJ, e-mail
addresses and phone numbers other than the site's own channels — public bodies answer to the
LGPD), and ``review_by`` dates that have passed. That last rule depends on the day, which is
why all of these live in ``check`` only: builds stay reproducible.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kbgen.errors import ProblemList
from kbgen.free_text import DESCRIPTION_ADVISED
from kbgen.handoff.ticket import PLACEHOLDER_MARK
from kbgen.loading.mailbox import EMAIL as _EMAIL
from kbgen.loading.mailbox import mailboxes
from kbgen.loading.prose import prose_lines
from kbgen.model import ArticleInfo, Site
from kbgen.text import fold_accents

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
_IMAGE_REF = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)|\{(?:image|figure)\}\s*(\S+)")
# a number ends where no digit follows, directly or after . / - (so "…-25." at a sentence's end counts)
_END = r"(?![\d]|[./-]\d)"
_START = r"(?<!\d)(?<!\d[./-])"
_CPF = re.compile(_START + r"(\d{3}\.?\d{3}\.?\d{3}-?\d{2})" + _END)
_CNPJ = re.compile(_START + r"(\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2})" + _END)
# a bare run of digits right after the name of another kind of number ("protocolo 52998224725") is that
# number: the check digits of a CPF pass by chance for one number in a hundred, of a CNPJ too
_OTHER_NUMBER = re.compile(r"\b(?:protocolo|processo|chamado|pedido|renavam|nis|pis|pasep|nit|matr[ií]cula|"
                           r"inscri[cç][aã]o (?:municipal|estadual)|boleto|guia|nosso número)"
                           r"(?:\s+n[º°o]\.?)?\s*[:#]?\s*$", re.IGNORECASE)
# written as people write phones: with an area code and a separator ("(48) 99123-4567", "48 3000-0001",
# "0800 123 4567"); a bare run of digits is a code or a document number, not a phone
_PHONE = re.compile(_START + r"(?:(?:\+?55\s?)?(?:\(\d{2}\)\s?|\d{2}\s)9?\d{4}[-\s]?\d{4}"
                    r"|(?:\+?55\s?)?\d{2}9?\d{4}-\d{4}|0800[\s-]?\d{3}[\s-]?\d{4})" + _END)


#: how far ahead ``kbgen report`` lists the articles whose ``review_by`` comes soon
REVIEW_SOON_DAYS = 30


def review_due(review_by: dt.date | None, today: dt.date) -> bool:
    """The ``review-due`` rule: the article's ``review_by`` date has passed (``kbgen report`` shares it)."""
    return review_by is not None and review_by < today


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def valid_cpf(number: str) -> bool:
    digits = [int(d) for d in _digits(number)]
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    for size in (9, 10):
        total = sum(d * w for d, w in zip(digits[:size], range(size + 1, 1, -1), strict=True))
        if (total * 10 % 11) % 10 != digits[size]:
            return False
    return True


def valid_cnpj(number: str) -> bool:
    digits = [int(d) for d in _digits(number)]
    if len(digits) != 14 or len(set(digits)) == 1:
        return False
    weights = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    for size in (12, 13):
        w = weights if size == 12 else [6, *weights]
        remainder = sum(d * k for d, k in zip(digits[:size], w, strict=True)) % 11
        if (0 if remainder < 2 else 11 - remainder) != digits[size]:
            return False
    return True


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def own_contacts(site: Site) -> tuple[set[str], set[str]]:
    """E-mail addresses and phone digits the site publishes itself (sets, channels, tickets)."""
    texts = list(_strings(site.config))
    for info in site.sets.values():
        texts += [info.email, info.phone or ""]
        texts += list(_strings(getattr(info, "channel", None) or {}))
        texts += list(_strings(getattr(info, "ticket", None) or {}))
    emails = {m.lower() for text in texts for m in _EMAIL.findall(text)}
    phones = {_digits(m)[-8:] for text in texts for m in _PHONE.findall(text)}
    return emails, phones


def _body_lines(article: ArticleInfo) -> list[tuple[int, str]]:
    lines = article.path.read_text(encoding="utf-8", errors="replace").removeprefix("\ufeff").splitlines()
    return list(enumerate(lines, 1))[article.body_line - 1 :]


def _body_prose(article: ArticleInfo) -> list[tuple[int, str]]:
    """The body's lines with code blanked out (:mod:`kbgen.loading.prose`): code shows placeholders,
    ids and versions, not the personal data of someone a reader could reach."""
    body = _body_lines(article)
    return prose_lines("\n".join(line for _, line in body), body[0][0]) if body else []


def lint(site: Site, problems: ProblemList, today: dt.date) -> None:
    emails, phones = own_contacts(site)
    titles: dict[str, ArticleInfo] = {}
    used_images: set[Path] = set()
    for article in site.articles.values():
        # a stand-in (kbgen.loading.stand_ins): its front matter's problems are reported already; only its body is read
        stand_in = article.docname in site.set_aside.articles
        key = fold_accents(article.title).casefold().strip(" ?!.")
        if key in titles and not stand_in:
            problems.warning(article.path, article.key_lines.get("title", 0), f"the title is the same as "
                             f"{titles[key].path.name}'s: readers cannot tell them apart in lists and search",
                             "duplicate-title")
        if not stand_in:
            titles.setdefault(key, article)
        if not article.description and not stand_in:
            problems.warning(article.path, article.key_lines.get("title", 0), "no 'description': add a one-sentence "
                             "summary — it is the snippet in search results and listings", "no-description")
        elif article.description and not stand_in and len(article.description) > DESCRIPTION_ADVISED:
            problems.warning(article.path, article.key_lines.get("description", 0), f"the 'description' has "
                             f"{len(article.description)} characters: keep it to one sentence of at most "
                             f"{DESCRIPTION_ADVISED} (search engines and listings show the start; the page's meta "
                             "description is cut there)", "long-description")
        if review_due(article.review_by, today):
            problems.warning(article.path, article.key_lines.get("review_by", 0), f"'review_by' {article.review_by} "
                             "has passed: review the article, then set a new date", "review-due")
        for _, line in _body_lines(article):
            for match in _IMAGE_REF.finditer(line):
                target = match.group(1) or match.group(2)
                used_images.add((article.path.parent / target).resolve())
        for number, line in _body_prose(article):
            _personal_data(article, number, line, emails, phones, problems)
    for path in sorted(site.root.rglob("*")):
        parts = path.relative_to(site.root).parts
        hidden = any(p.startswith(("_", ".")) for p in parts)
        if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file() and not hidden:
            used = path.resolve() in used_images or str(path.relative_to(site.root)) in (
                site.config.logo, *(s.icon for s in site.sets.values()))
            if not used:
                problems.warning(path, 0, "this image is not used by any article: delete it or link it", "unused-image")
    for info in site.sets.values():
        _placeholder_tags(info.path / "_set.yml", problems)


def _placeholder_tags(set_file: Path, problems: ProblemList) -> None:
    """Module tags `kbgen new` had to guess: valid, but tickets reach the right queue only with the real one."""
    try:
        lines = set_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return  # reported by the loader
    for number, line in enumerate(lines, 1):
        if PLACEHOLDER_MARK in line:
            problems.warning(set_file, number, f"{line.split('#', 1)[0].strip()!r} is a placeholder written by "
                             "kbgen new: put the module's real Zendesk option tag, then delete the comment",
                             "placeholder-tag")


def _another_number(line: str, match: re.Match[str]) -> bool:
    """A run of bare digits labelled as another kind of number; punctuated like a CPF or CNPJ, it is one."""
    return match.group(1).isdigit() and bool(_OTHER_NUMBER.search(line[: match.start()]))


def _personal_data(article: ArticleInfo, number: int, line: str, emails: set[str], phones: set[str],
                   problems: ProblemList) -> None:
    for match in _CPF.finditer(line):
        if valid_cpf(match.group(1)) and not _another_number(line, match):
            problems.warning(article.path, number, f"this looks like a CPF ({match.group(1)}): personal data "
                             "must not be published (LGPD) — use a fictitious example like 000.000.000-00",
                             "personal-data")
    for match in _CNPJ.finditer(line):
        if valid_cnpj(match.group(1)) and not _another_number(line, match):
            problems.warning(article.path, number, f"this looks like a real CNPJ ({match.group(1)}): use a "
                             "fictitious example like 00.000.000/0000-00", "personal-data")
    for address in mailboxes(line):
        if address.lower() not in emails:
            problems.warning(article.path, number, f"e-mail address {address!r} is not one of the site's channels: "
                             "do not publish personal addresses", "personal-data")
    for phone in _PHONE.findall(line):
        if _digits(phone)[-8:] not in phones:
            problems.warning(article.path, number, f"phone number {phone.strip()!r} is not one of the site's "
                             "channels: do not publish personal numbers", "personal-data")
