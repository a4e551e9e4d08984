"""Which requests come from crawlers: by their user agent, with a maintained list."""

from __future__ import annotations

from crawlerdetect import CrawlerDetect

_AGENT_CACHE_LIMIT = 50_000  # distinct user agents remembered; past that the cache starts over


class CrawlerFilter:
    """Crawlers by their user agent, with a maintained list.

    The list is crawlerdetect's (a port of JayBizzle/CrawlerDetect, updated as new bots appear),
    not a pattern of our own: a hand-made regex is out of date the month it is written. Its one
    big regex takes up to a millisecond per agent, so each distinct agent is checked once; a log
    has few distinct agents compared with its lines.
    """

    def __init__(self) -> None:
        self._detect = CrawlerDetect()
        self._cache: dict[bytes, bool] = {}

    def is_crawler(self, agent: bytes | None) -> bool:
        """True for a known crawler, and for a request without any user agent ("-"): every
        browser sends one; health checks and scripts often do not. ``None`` (the common log
        format has no agent field) cannot be judged and counts as a reader."""
        if agent is None:
            return False
        known = self._cache.get(agent)
        if known is None:
            text = agent.decode("utf-8", "replace").replace('\\"', '"').strip()
            known = text in ("", "-") or bool(self._detect.is_crawler(text))
            if len(self._cache) >= _AGENT_CACHE_LIMIT:
                self._cache.clear()
            self._cache[agent] = known
        return known
