"""Whether a request for `/` wants the app or the seed's JSON answer, from its Accept header.

A browser's navigation asks for text/html first; curl sends `*/*`, fetch() `*/*`, an API client
`application/json`: those keep getting `{"status": "Chat API is running"}`. q-values are read as
RFC 9110 says (a missing q is 1; `text/html;q=0` refuses HTML); HTML wins only when it is named
and no JSON is preferred over it. A few lines on purpose: Starlette has no Accept parser, and a
dependency for this one header would weigh more than the rule.
"""

from __future__ import annotations


def _weights(accept: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for part in accept.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        weights[media.lower()] = max(quality, weights.get(media.lower(), 0.0))
    return weights


def prefers_html(accept: str | None) -> bool:
    weights = _weights(accept or "")
    html = max(weights.get("text/html", 0.0), weights.get("application/xhtml+xml", 0.0))
    return html > 0 and html >= weights.get("application/json", 0.0)
