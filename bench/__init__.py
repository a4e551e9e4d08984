"""kbgen measured against the tools a help center would otherwise be built with.

- :mod:`bench.build`: the speed and memory of kbgen's commands — full and incremental builds
  against plain Sphinx and MkDocs (``python -m bench.build.run``), their profile, large inputs,
  the ``kbgen serve`` rebuild and the ``kbgen pageviews`` log reduction (``docs/benchmarks.md``);
- :mod:`bench.search`: search payload, latency and quality against Sphinx's search and Pagefind
  (``docs/search-benchmarks.md``);
- :mod:`bench.projects`: the plain-Sphinx and MkDocs projects both benchmarks build;
- :mod:`bench.paths`: where they write (``bench/out/``, git-ignored) and keep results
  (``bench/results/``).

The generated help centers come from :mod:`sitegen` and the judged queries from :mod:`search_eval`,
both shared with the test suite; ``bench`` and ``tests`` never import each other
(``tests/test_repository_imports.py``). ``bench/tests/`` checks the benchmarks' own code.
"""
