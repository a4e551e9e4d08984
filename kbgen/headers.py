"""The HTTP headers a kbgen site is meant to be served with (docs/security.md shows them per server).

One place for the policy: ``kbgen serve`` sends it, so an author sees in the preview what readers
will see behind a correctly configured server, and the browser tests and the docs check against it.
"""

from __future__ import annotations

#: No inline script or style, nothing from another host, no <base> rewriting, no framing elsewhere.
CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; frame-ancestors 'self'"

#: Sent with every response of a kbgen site.
RECOMMENDED_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",  # a .txt download is never sniffed into a page or a script
    # The reader's query travels in ?q= (results page → article → hand-off): it must not reach
    # another site in the Referer of a link the reader follows. The pages also say so in a
    # <meta name="referrer">, for servers that send no header.
    "Referrer-Policy": "same-origin",
}
