"""Publishing what was loaded: the read-only snapshot analysts query (`snapshot`), the parquet
export with its codebook and manifest (`export`, `codebook`), and the staged-directory swap both
use so readers only ever see a whole old or a whole new version (`replace_dir`).
"""
