"""The council handout as one PDF: ``handout.html.j2`` rendered by WeasyPrint.

WeasyPrint is an optional dependency (``pip install 'egovkit[pdf]'``) and needs Pango from
the system. It is given HTML as a string and a URL fetcher that refuses every URL, so a
repository's text can never make it read a file or the network; the document needs nothing
from outside (styles and pictures are inline). The PDF is tagged (PDF/UA-1) and its dates
come from the plan's status date, so identical input gives identical bytes.
"""

from __future__ import annotations

import logging

from egovkit.errors import UserError

INSTALL_HINT = (
    "--format pdf needs WeasyPrint and the Pango library: pip install 'egovkit[pdf]', "
    "and on Debian/Ubuntu apt install libpango-1.0-0 libpangoft2-1.0-0"
)


#: A handout is read by people: beyond this many measures it is not one any more, and
#: WeasyPrint's time and memory grow with it (1,000 measures: about 270 pages, 1.3 GB and a
#: minute on a laptop; benchmarks/handout.py). Larger plans are built as HTML and Markdown.
MAX_MEASURES = 2_000


class PdfUnavailable(UserError):
    """WeasyPrint or its system libraries are missing (exit 2, one line, no traceback)."""


class PdfTooLarge(UserError):
    """The plan has more measures than a handout can hold (exit 2)."""


def check_size(measures: int) -> None:
    """Refuse, before any work, a handout of more than :data:`MAX_MEASURES` measures."""
    if measures > MAX_MEASURES:
        raise PdfTooLarge(
            f"--format pdf: the plan has {measures:,} measures, more than the {MAX_MEASURES:,} "
            "a council handout holds; build md and html, or split the strategy into programmes"
        )


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango is missing
        raise PdfUnavailable(f"{INSTALL_HINT} ({type(exc).__name__}: {exc})") from None
    return weasyprint


def html_to_pdf(html: str) -> bytes:
    """PDF/UA-1 bytes of ``html``; every external URL it names is refused."""
    weasyprint = _weasyprint()

    class _Refuse(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):  # the signature WeasyPrint calls
            raise ValueError("egovkit's handout loads nothing from outside the document")

    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # refused URLs and CSS it ignores are not the user's news
    try:
        document = weasyprint.HTML(string=html, url_fetcher=_Refuse()).render()
        return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    finally:
        logger.setLevel(level)
