"""Pure, table-driven rules that find commitments in a text: no ORM imports.

`extract(text, published=..., known=...)` in `extraction.rules.pipeline` is the
entry point; the other modules each hold one kind of rule and its tables.
"""
