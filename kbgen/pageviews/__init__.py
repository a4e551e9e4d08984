"""Traffic data for "Artigos mais lidos" and the search report. Plain Python, no Sphinx.

* :mod:`.logformat` parses one nginx/Apache common or combined log line; :mod:`.foreign` rewrites
  the other formats' lines as combined ones (:mod:`.jsonlines`, :mod:`.w3c`: IIS, CloudFront);
* :mod:`.sources` opens logs (plain or gzip) and merges several into one time-ordered stream;
* :mod:`.crawlers` tells crawlers by their user agent, :mod:`.clients` readers behind a proxy;
* :mod:`.reduce` turns that stream into daily counts per article (or per search query): readers
  only, each client counted once per article per 30 minutes, then a window of days;
* :mod:`.paths` maps logged or exported paths to articles (aliases included);
* :mod:`.csvio` writes and reads the ``path,views`` and ``query,searches`` files;
* :mod:`.ranking` orders articles by views (ties by title) and loads the data for a site.
"""
