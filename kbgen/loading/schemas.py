"""One schema per file an author writes: ``kb.yml``, ``_set.yml``, ``_module.yml`` and front matter.

Each field carries its type, default, validation and help text in one place; the reference
in ``docs/reference.md`` is generated from these tables (``kbgen.docsgen``) and the invalid-input
fixture has a case for every field (``tests/test_schema_guard.py``). The nested mappings are the
features' own (``kbgen.handoff``, ``kbgen.pageviews``).
"""

from __future__ import annotations

from kbgen.free_text import description, tag
from kbgen.handoff.channels import channels_record
from kbgen.handoff.hours import set_hours
from kbgen.handoff.ticket import set_ticket, site_ticket
from kbgen.pageviews.ranking import popular_record
from kbgen.set_icons import set_icon
from kbgen.validation import (
    Field,
    Schema,
    alias,
    base_url,
    boolean,
    color,
    date,
    email,
    image_path,
    integer,
    language,
    list_of,
    short_text,
)

KB_SCHEMA = Schema(
    "kb.yml",
    (
        Field("title", short_text, "Name of the help center, shown in the header and page titles.", required=True),
        Field("description", description, "One sentence under the home page search box and in search engines."),
        Field("language", language, "Language of the reader-facing text (Sphinx code).", default="pt_BR",
              type_name="language code"),
        Field("base_url", base_url, "Public URL of the site, for absolute links (feeds, sitemap, canonical "
              "links); the 404 page links from its path only (/ajuda/…), so it works on any host. Without it "
              "the site assumes it is served from the root of its host.", type_name="URL"),
        Field("logo", image_path, "Image file (inside the content folder) shown in the header.", type_name="path"),
        Field("color", color, "Main colour as #rrggbb; the header text colour is chosen for contrast.",
              default="#1a5e9a", type_name="colour"),
        Field("allow_raw_html", boolean, "Let articles contain raw HTML (and HTML comments). Only for trusted "
              "authors: raw HTML can inject script into the site.", default=False, type_name="true/false"),
        Field("allow_file_insertion", boolean, "Let articles use {include}, {literalinclude} and {raw} with files "
              "(inside the content folder only; fragments in _includes/ need no switch). Only for trusted "
              "authors.", default=False, type_name="true/false"),
        Field("ticket", site_ticket, "Where Registrar atendimento leads: system (zendesk, osticket, glpi, url, "
              "email) and its ids; see the ticket: table. Without it, each set's e-mail.", type_name="mapping"),
        Field("channels", channels_record, "Canais de atendimento: phones, chat, portal, hours, holidays, response "
              "times, what to attach; see the channels: table.", type_name="mapping"),
        Field("popular", popular_record, "Artigos mais lidos: source (a path,views file; default _data/pageviews.csv "
              "when it exists) and count (articles listed, default 5; 0 hides the lists).", type_name="mapping"),
    ),
)

SET_SCHEMA = Schema(
    "_set.yml",
    (
        Field("title", short_text, "Name of the set (conjunto), e.g. Fiscal.", required=True),
        Field("description", description, "One sentence shown on the set's tile."),
        Field("email", email, "Support e-mail of the set; a message to it opens a ticket.", required=True,
              type_name="e-mail"),
        Field("phone", short_text, "Support phone number shown in the set's sidebar."),
        Field("hours", set_hours, "Service hours as data, in the form of channels.hours (weekly, on_call …), so "
              "the sidebar says whether the set is open now; a line of text is still shown, with a check "
              "warning that gives the data form.", type_name="hours"),
        Field("order", integer, "Position among the sets (smaller first; unnumbered ones last, by title).",
              type_name="integer"),
        Field("icon", set_icon, "Icon shown on the set's tile, sidebar and breadcrumb: one of sphinx-design's icons "
              "by its role and name (octicon:book, material-outlined:receipt_long; also material-regular, -round, "
              "-sharp, -twotone) or an image file inside the content folder (a path: it has a / or an image "
              "extension).", type_name="icon or path"),
        Field("ticket", set_ticket, "This set's ticket keys (Zendesk set_tag and module_tags, osTicket "
              "topic_id …), merged over kb.yml's ticket:.", type_name="mapping"),
        Field("channel", channels_record, "This set's own channels, with the keys of kb.yml's channels: (its "
              "holidays are added to the site's).", type_name="mapping"),
    ),
)

MODULE_SCHEMA = Schema(
    "_module.yml",
    (
        Field("title", short_text, "Name of the module, e.g. Nota Fiscal Eletrônica.", required=True),
        Field("description", description, "One sentence shown on the module page."),
        Field("order", integer, "Position among the set's modules (smaller first; unnumbered ones last, by title).",
              type_name="integer"),
    ),
)

ARTICLE_SCHEMA = Schema(
    "front matter",
    (
        Field("title", short_text, "The question the article answers, as readers ask it.", required=True),
        Field("description", description, "One-sentence summary: search snippets, listings, search engines."),
        Field("faq", boolean, "List the article under Perguntas frequentes.", default=False, type_name="true/false"),
        Field("order", integer, "Position in its module (smaller first; unnumbered ones last, by title).",
              type_name="integer"),
        Field("tags", list_of(tag), "Keywords; they relate articles and rank first in search.", default=(),
              type_name="list of text"),
        Field("aliases", list_of(alias), "Old site-relative paths that must keep working.", default=(),
              type_name="list of paths"),
        Field("updated", date, "Date of the last update, used when the content is not in git.",
              type_name="date"),
        Field("review_by", date, "Date by which the article must be reviewed; `kbgen check` warns after it "
              "(never the build, which must not depend on the day it runs).", type_name="date"),
    ),
)

ALL_SCHEMAS = (KB_SCHEMA, SET_SCHEMA, MODULE_SCHEMA, ARTICLE_SCHEMA)
