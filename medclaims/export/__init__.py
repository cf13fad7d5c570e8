"""Flat tables, CSV, JSON and DataFrames from parsed 835 remittances.

* :func:`to_rows` flattens remittances into five tables of plain rows
  (payments, claims, service lines, adjustments, provider adjustments), each
  row carrying its lineage keys; :func:`denial_rows` does the same for
  denial records.
* :func:`to_csv` / :func:`table_to_csv` write rows to a text file the caller
  opened (money stays exact: ``Decimal`` in positional notation).
* :func:`remittances_to_json` / :func:`remittances_from_json` round-trip full
  records through one cattrs converter (:data:`CONVERTER`).
* :func:`to_dataframe` builds a ``pandas.DataFrame`` when pandas is installed.
* :func:`render_835` lays remittances out as HTML pages in the style of the CMS
  Standard Paper Remittance, for the people who post payments.
* :func:`stream_rows` gives the rows of every table straight from an 835 stream,
  in constant memory.
"""

from medclaims.export._csv import format_value, table_to_csv, to_csv
from medclaims.export._errors import ExportError, MissingDependencyError
from medclaims.export._frame import to_dataframe
from medclaims.export._json import (
    CONVERTER,
    denials_from_json,
    denials_to_json,
    make_converter,
    remittances_from_json,
    remittances_to_json,
)
from medclaims.export._paper import render_835
from medclaims.export._rows import (
    COLUMNS,
    DENIAL_COLUMNS,
    LINEAGE_COLUMNS,
    TABLE_NAMES,
    Row,
    Tables,
    denial_rows,
    to_rows,
)
from medclaims.export._stream import stream_rows

__all__ = [
    "COLUMNS",
    "CONVERTER",
    "DENIAL_COLUMNS",
    "LINEAGE_COLUMNS",
    "TABLE_NAMES",
    "ExportError",
    "MissingDependencyError",
    "Row",
    "Tables",
    "denial_rows",
    "denials_from_json",
    "denials_to_json",
    "format_value",
    "make_converter",
    "remittances_from_json",
    "remittances_to_json",
    "render_835",
    "stream_rows",
    "table_to_csv",
    "to_csv",
    "to_dataframe",
    "to_rows",
]
