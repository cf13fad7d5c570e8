"""The 835 parser's parts, one module per kind of thing it reads.

- :mod:`.state`: the parser's whole state, declared once, and the issue and
  value helpers every handler uses;
- :mod:`.values`: X12 decimals and dates, and the bounded caches of values;
- :mod:`.header`: header, payer (1000A), payee (1000B), LX (2000) and PLB;
- :mod:`.claims`: the claim loop (2100);
- :mod:`.lines`: the service line loop (2110) and the CAS reader;
- :mod:`.transactions`: the :class:`~.transactions.Parser` itself (dispatch
  tables, drivers, envelopes, opening and closing transactions).

The public entry points are :func:`medclaims.remittance.parse_835` and
:func:`medclaims.remittance.iter_835`.
"""
