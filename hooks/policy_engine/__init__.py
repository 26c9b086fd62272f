"""The policy history engine: git history -> revisions -> clauses -> changes -> pages.

Everything here is independent of MkDocs except :mod:`policy_engine.mkdocs_adapter`,
so that only the thin hook would change if the site generator did.
"""
