"""The one exception a reader raises for input it cannot read.

Bad input is data, not a crash: a reader that meets a file it cannot read (corrupt, encrypted,
a decompression bomb, a format it does not know) raises `UnreadableReport` with a reason a user
can act on, and `transform.parse.parse_bytes` turns it into the result's `error`. Any other
exception escaping a reader is a bug in the reader and surfaces as such (the fuzz suite fails
on it), while the batch callers still confine it to the one file.
"""


class UnreadableReport(ValueError):
    """These bytes cannot be read as a report; the message says why, in a user's words."""
