"""kbgen's search against Sphinx's built-in search and Pagefind, rendered into
``docs/search-benchmarks.md``.

- :mod:`~bench.search.sites`: the three engines built on the same corpora;
- :mod:`~bench.search.payload`: bytes on the wire, index load, query latency, long tasks;
- :mod:`~bench.search.known_item`: the generated known-item set on the 1,000-article corpus;
- :mod:`~bench.search.judged`: the judged sets (:mod:`search_eval`: known items, out of scope,
  descriptions) on the sample and the held-out help center, scored by
  :mod:`~bench.search.judged_sets`;
- :mod:`~bench.search.report`: the page (its judged sections: :mod:`~bench.search.report_judged`);
  :mod:`~bench.search.browser` and
  :mod:`~bench.search.serve`: headless Chromium and the recording static server they share.
"""
