"""The warehouse's SQL, shipped with the product: `schema/` (numbered migrations),
`views/` (the analysts' views and macros, one per file), `queries/` (ready-made questions for `ogi sql NAME`).

A package only so that `importlib.resources` finds these files in an installed wheel
(`core.resources.sql_dir`); it holds no Python.
"""
