"""Many reports: batch builds and 汇总.

In: many data files or folders. Out: one :func:`giar_gen.api.build_file` per file across processes, with a
cache of unchanged files (``runner``), and the sum of many units' tables (``aggregate``).
"""
