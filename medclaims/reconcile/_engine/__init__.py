"""The reconciliation engine (private): :func:`medclaims.reconcile.reconcile` is its door.

* ``inputs``: flat views of encounters and remittances, normalization of identifiers.
* ``matching``: claim payment → billed claim, service line → billed line.
* ``ledger``: the provider-level (PLB) ledger and its links to claims.
* ``netting``: the netting rules, each written once (CAS split, line and claim states).
* ``lines``: one claim's service lines netted; ``states``: one claim netted (general path).
* ``single``: the fast path for pending and one-payment claims, calling the same rules.
* ``make``: the engine's record constructors; ``run``: the whole run, stage by stage.

Imports go one way: run → states/single → lines → netting → model; no cycle.
"""

__all__: list[str] = []
