"""The legal basis of a decision: the figures it rests on, merged into citation, status and sources."""

from dataclasses import dataclass

from portal.rules.codes import weakest
from portal.rules.figures import Figure


@dataclass(frozen=True)
class Basis:
    citation: str | None
    status: str
    sources: tuple[str, ...]


def basis_of(*figures: Figure) -> Basis:
    """A decision is only as sure as the least sure figure it used, and cites every one of them."""
    if not figures:
        raise ValueError("a decision needs at least one figure as its basis")
    citations = [figure.citation for figure in figures if figure.citation]
    sources = [source for figure in figures for source in figure.sources]
    return Basis(
        citation="; ".join(dict.fromkeys(citations)) or None,
        status=weakest([figure.status for figure in figures]),
        sources=tuple(dict.fromkeys(sources)),
    )
