"""Internal helpers shared by every layer: record construction, typed fields, JSON and CSV rules.

Nothing here is public API, and nothing here imports from medclaims above ``errors``.
"""
