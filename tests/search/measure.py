"""Numbers for the search core: ``python tests/search/measure.py [CONTENT_DIR]``.

Prints index sizes (raw and gzipped), load and query times in Node, and two recall figures
measured the way SEARCH-NOTES.md did: every 3+-letter prefix of the corpus's 6+-letter words,
typed without accents, as you type; and the same words with one random typo, on the results
page. A word's target is the article it was taken from. Not a test: it takes a while.
"""

from __future__ import annotations

import gzip
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent.parent)]

from searchhelpers import CONTENT, markdown_documents  # noqa: E402

from kbgen.search.index import DOCS_FILE, FULL_FILE, SUGGEST_FILE, build_indexes, sorted_documents  # noqa: E402
from kbgen.search.normalise import fold, query_words, word_groups  # noqa: E402
from tests.node_bridge import NodeBridge  # noqa: E402


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)  # keep the first letter: readers rarely miss it
    kind = rng.choice(["delete", "swap", "replace", "insert"])
    letter = rng.choice("abcdefghijlmnoprstuv")
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind == "replace":
        return word[:i] + letter + word[i + 1 :]
    return word[:i] + letter + word[i:]


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else CONTENT
    docs = sorted_documents(markdown_documents(root))
    node = NodeBridge()
    started = time.process_time()
    files = build_indexes(docs, whole=True)
    build_s = time.process_time() - started
    print(f"{len(docs)} articles from {root}, build {build_s:.2f} s CPU")
    for name in (SUGGEST_FILE, FULL_FILE, DOCS_FILE):
        raw = files[name].encode("utf-8")
        print(f"  {name}: {len(raw) / 1024:.1f} KiB raw, {len(gzip.compress(raw, 9)) / 1024:.1f} KiB gzip")

    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for name, content in files.items():
            (Path(tmp) / name).write_text(content, encoding="utf-8")
            paths[name] = str(Path(tmp) / name)

        queries = ["nota fiscal", "segunda via boleto", "cancelameto", "Erro 700: Erro no arquivo BALANCETE"]
        queries += ["como faço pra emitir a certidão negativa", "emiss", "consistencias do mes", "issqn"]
        for kind, prefix in (("full", False), ("suggest", True)):
            timing = node.call("bench", files=[paths[FULL_FILE], paths[SUGGEST_FILE]], kind=kind, queries=queries,
                               rounds=50, prefix=prefix)
            print(
                f"  {kind} (prefix={prefix}): parse {timing['parseMs']:.1f} ms, load {timing['loadMs']:.1f} ms, "
                f"query median {timing['medianMs']:.3f} ms, p95 {timing['p95Ms']:.3f} ms, max {timing['maxMs']:.2f} ms"
            )

        # (typed text, target ref) pairs
        rng = random.Random(2024)
        prefixes: list[tuple[str, int]] = []
        typos: list[tuple[str, int]] = []
        having: dict[str, set[int]] = {}  # typed text → articles that contain the word it came from
        folded_texts = [fold(" ".join([d.title, *d.tags, d.description, *d.headings, d.body])) for d in docs]
        shown: list[tuple[str, int]] = []  # prefixes of words the suggestion index covers
        for ref, doc in enumerate(docs):
            text = " ".join([doc.title, *doc.tags, doc.description, *doc.headings, doc.body])
            summary = {"".join(g) for g in word_groups(" ".join([doc.title, *doc.tags, doc.description]))}
            words = sorted({"".join(g) for g in word_groups(text) if len(g) == 1 and len("".join(g)) >= 6})
            for word in words:
                if not word.isalpha() or not query_words(word):
                    continue  # stop words are not meant to be found
                holders = {r for r, folded in enumerate(folded_texts) if word in folded}
                for n in range(3, len(word) + 1):
                    prefixes.append((word[:n], ref))
                    if word in summary:
                        shown.append((word[:n], ref))
                    having.setdefault(word[:n], set()).update(holders)
                typos.append((typo(word, rng), ref))
                having.setdefault(typos[-1][0], set()).update(holders)
        for label, pairs, kind, prefix in (
            ("prefixes as you type (full index)", prefixes, "full", True),
            ("prefixes of title/tag/description words as you type (suggest index)", shown, "suggest", True),
            ("one typo, results page", typos, "full", False),
        ):
            pairs = sorted(set(pairs))
            results = node.call("query", files=[paths[FULL_FILE], paths[SUGGEST_FILE]], kind=kind,
                                queries=[{"text": t, "options": {"prefix": prefix, "limit": 0}} for t, _ in pairs])
            anywhere = top10 = some10 = 0
            for (typed, ref), found in zip(pairs, results, strict=True):
                refs = [r["ref"] for r in found]
                anywhere += ref in refs
                top10 += ref in refs[:10]
                some10 += bool(having.get(typed, set()) & set(refs[:10]))
            n = len(pairs)
            print(
                f"  {label}: {n} queries, target found {100 * anywhere / n:.1f} %, in top 10 {100 * top10 / n:.1f} %;"
                f" an article with the word in top 10 {100 * some10 / n:.1f} %"
            )


if __name__ == "__main__":
    main()
