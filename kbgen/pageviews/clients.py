"""Who a request came from, when a proxy stands between the reader and the server.

The reducer tells readers apart by IP address and user agent. Behind a load balancer, a CDN or a
Kubernetes ingress every request reaches the web server from the proxy's address, and readers with
the same browser would count as one reader within 30 minutes. Proxies pass the reader's address in
X-Forwarded-For; the formats below log it, and kbgen then uses it instead of the logged address.
"""

from __future__ import annotations

_ADDRESS_BYTES = b"0123456789abcdefABCDEF.:"


def client_address(value: bytes) -> bytes | None:
    """The reader's own address in an X-Forwarded-For value (``203.0.113.9, 10.0.0.2``: the first, the
    client the first proxy saw), or None when it holds no IPv4/IPv6 address ("-", a host name)."""
    first = value.split(b",", 1)[0].strip()
    if not first or first.translate(None, _ADDRESS_BYTES) or (b"." not in first and b":" not in first):
        return None
    return first


def forwarded_client(rest: bytes) -> bytes | None:
    """The client of a line whose agent is followed by a quoted X-Forwarded-For, as nginx's own
    "main" format logs it (its default nginx.conf, and the official Docker image's:
    ``… "$http_user_agent" "$http_x_forwarded_for"``); ``rest`` is what follows the agent's closing
    quote. Behind a load balancer or an ingress every request comes from its address, and readers
    with the same browser would count as one; None when there is no such field (the logged host
    is then the client)."""
    if rest[:2] != b' "':
        return None
    return client_address(rest[2:].split(b'"', 1)[0])
