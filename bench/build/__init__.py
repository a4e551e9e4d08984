"""The speed and memory of kbgen's commands, rendered into ``docs/benchmarks.md``.

- :mod:`~bench.build.run`: full and incremental builds of generated help centers, kbgen against
  plain Sphinx and MkDocs (:mod:`~bench.build.tools`, :mod:`~bench.build.scenarios`,
  :mod:`~bench.build.measure`), rendered by :mod:`~bench.build.report` and :mod:`~bench.build.plot`;
- :mod:`~bench.build.profile`: where a build spends its time (py-spy);
- :mod:`~bench.build.large_inputs`: a 5 MB article, 10,000 articles in a module, a deep list;
- :mod:`~bench.build.serve_timing`: from saving an article to ``kbgen serve`` serving it;
- :mod:`~bench.build.logs`: ``kbgen pageviews`` reducing a big access log;
- :mod:`~bench.build.report_logs`: ``kbgen report``'s one pass over the same log, against ``kbgen pageviews``.
"""
