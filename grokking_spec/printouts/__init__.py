"""What each listing's code prints: one module per chapter of printout functions.

A printout turns a trace into the lines an edition's code prints, formatting numbers the
way that edition's Python did (``grokking_spec.pyformat.Edition``). The catalog
(``grokking_spec.catalog``) names a printout per variant; ``grokking-spec run``, the
goldens' ``output_lines``, fidelity and grading call it. A listing that prints nothing uses
``grokking_spec.listing.prints_nothing``.
"""
