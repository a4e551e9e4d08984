"""kbgen's search against Sphinx's built-in search and Pagefind, rendered into
``docs/search-benchmarks.md``.

- :mod:`~bench.search.sites`: the three engines built on the same corpora;
- :mod:`~bench.search.payload`: bytes on the wire, index load, query latency, long tasks;
- :mod:`~bench.search.known_item`: the generated known-item set on the 1,000-article corpus;
- :mod:`~bench.search.judged`: the judged set (:mod:`search_eval`) on the sample;
- :mod:`~bench.search.report`: the page; :mod:`~bench.search.browser` and
  :mod:`~bench.search.serve`: headless Chromium and the recording static server they share.
"""
