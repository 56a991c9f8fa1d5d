"""How status documents look: the colours of the traffic lights and the print style sheet.

Their words come from the catalogs; nothing here is text a reader reads.
"""

from __future__ import annotations

from markupsafe import Markup

LIGHT_COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828", "grey": "#757575"}
LIGHT_FILLS = {"green": "C8E6C9", "yellow": "FFF59D", "red": "FFCDD2", "grey": "E0E0E0"}

PRINT_STYLE = Markup(
    """@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; max-width: 190mm; margin: 0 auto; }
h1 { font-size: 17pt; margin-bottom: 2pt; } h2 { font-size: 13pt; margin-top: 16pt; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin-bottom: 4pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; page-break-inside: auto; }
tr { page-break-inside: avoid; } thead { display: table-header-group; }
th, td { border: 1px solid #bbb; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #eee; }
.facts td, .facts th { border: none; padding: 1pt 6pt 1pt 0; }
.light { white-space: nowrap; } .light svg { vertical-align: -1px; }
.timeline { max-width: 100%; height: auto; }
h2 { page-break-after: avoid; } section { page-break-inside: auto; }
.pagebreak { page-break-before: always; }
footer { margin-top: 18pt; font-size: 8.5pt; color: #444; }
@media print { a { color: inherit; text-decoration: none; } }
"""
)
"""The HTML report's style sheet (A4, print-ready; inline so the page is self-contained)."""
