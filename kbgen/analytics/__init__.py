"""``kbgen report``: the authors' dashboard, from the web server's access logs. Plain Python, no Sphinx.

* :mod:`kbgen.pageviews.masking` hides what looks personal in the queries readers typed (kbgen
  pageviews --searches masks with it too);
* :mod:`.requests` tells, per logged request, an article view (with the search that led to it),
  a search or a vote of "Este artigo foi útil?";
* :mod:`.tally` counts them in one pass over the logs (the reading, merging and crawler filter
  are ``kbgen pageviews``'s own, :mod:`kbgen.pageviews.reduce`);
* :mod:`.charts` draws inline SVG; :mod:`.page` writes the one offline HTML file.
"""
