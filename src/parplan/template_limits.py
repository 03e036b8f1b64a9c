"""The limits every template renders under: work, time, sizes of values, output and files.

An office template is code written by someone other than the person running parplan, so the
sandbox (:mod:`parplan.template_sandbox`) and the loader (:mod:`parplan.template_loader`) refuse
whatever goes past these numbers.
"""

from __future__ import annotations

__all__ = [
    "MAX_DOCX_BRACES",
    "MAX_DOCX_BYTES",
    "MAX_DOCX_SCAN",
    "MAX_DOCX_UNPACKED_BYTES",
    "MAX_FORMAT_WIDTH",
    "MAX_INT_BITS",
    "MAX_NESTING",
    "MAX_OPERATIONS",
    "MAX_OUTPUT_CHARS",
    "MAX_PRODUCED_CHARS",
    "MAX_RANGE_ITEMS",
    "MAX_RENDER_SECONDS",
    "MAX_SEQUENCE_ITEMS",
    "MAX_TEMPLATE_BYTES",
    "MAX_TEXT_FILTER_CHARS",
    "MAX_VALUE_CHARS",
    "MAX_WRAP_STRING_CHARS",
    "PER_VALUE_CHARS",
    "PER_VALUE_OPERATIONS",
    "PER_VALUE_SECONDS",
]

MAX_RENDER_SECONDS = 10.0
"""Wall-clock time one document may take to render (checked every few steps of the template and
at every call of a filter or test)."""
MAX_OPERATIONS = 2_000_000
"""Steps one document may take: attribute and item look-ups, calls, operators, loop turns."""
MAX_OUTPUT_CHARS = 50_000_000
"""Characters one document may produce (also the bound of any text a template assembles)."""
MAX_VALUE_CHARS = 10_000_000
"""Characters of one text value a template makes (``'a' * n``, ``s.center(n)``, ``s ~ s``,
``{% set x %}...{% endset %}``)."""
MAX_PRODUCED_CHARS = 200_000_000
"""Characters one document may make in all: every text an operator, a filter, a call, a block or
the output joins is counted, so no document allocates unbounded totals from bounded pieces."""
MAX_NESTING = 64
"""Levels of nesting of a value stored in a ``namespace`` (Python hashes nested tuples
recursively in C: a tuple nested 300,000 deep crashes the process)."""
MAX_SEQUENCE_ITEMS = 1_000_000
"""Items of one list a template makes (``[x] * n``, ``a + b``)."""
MAX_RANGE_ITEMS = 10_000
"""Items ``range`` may produce in one document, all calls together."""
MAX_INT_BITS = 100_000
"""Size of an integer a template may compute (``10 ** 10 ** 10`` is refused)."""
MAX_FORMAT_WIDTH = 10_000
"""Widths and precisions in format strings (``'%10000000000d'``) and padding filters."""
MAX_TEXT_FILTER_CHARS = 1_000_000
"""Characters one call of a slow text filter may be given (``wordwrap``, ``urlize``, ``title``,
``wordcount``, ``striptags``, ``pprint``), so one call cannot run long."""
MAX_WRAP_STRING_CHARS = 100
"""Characters of the line break ``wordwrap`` puts between lines."""
PER_VALUE_OPERATIONS = 20
"""Steps a document may take beyond ``MAX_OPERATIONS`` for each value of the data it is given
(every text, number, date, list and mapping of its context): the report of a plan of 100,000
tasks is given millions of values and must show each, a template looping on its own is not."""
PER_VALUE_SECONDS = 0.0001
"""Seconds a document may take beyond ``MAX_RENDER_SECONDS`` for each value of its data."""
PER_VALUE_CHARS = 1_000
"""Characters a document may produce beyond ``MAX_OUTPUT_CHARS``, make beyond
``MAX_PRODUCED_CHARS``, and put in one macro's, block's or ``~``'s text beyond
``MAX_VALUE_CHARS`` (the list of 100,000 tasks a report's macro makes), for each value of its
data."""
MAX_TEMPLATE_BYTES = 1_000_000
"""Size of a text template file."""
MAX_DOCX_BYTES = 20_000_000
"""Size of a Word template file."""
MAX_DOCX_UNPACKED_BYTES = 100_000_000
"""Size of a Word template's parts once unpacked (a zip bomb is refused before it is opened)."""
MAX_DOCX_BRACES = 20_000
"""Braces (``{``, ``}``) in one part of a Word template that docxtpl renders (about 5,000 tags;
the shipped templates have at most 512). Each part is also bounded by ``MAX_TEMPLATE_BYTES``."""
MAX_DOCX_SCAN = 100_000_000
"""Braces times characters, summed over the parts docxtpl renders: its clean-up before Jinja
scans up to the end of a part from every brace (about 6 seconds at this bound)."""
