"""The neutral core every stage uses, and which imports no stage.

What more than one stage must agree on lives here, once: where things are under the data
directory (`paths`) and the run lock that guards it (`lock`), timestamps and dates as the
warehouse stores them (`clock`), what a file is by its bytes (`sniff`) and how its text is
decoded (`decode`), what a report title is and which year it covers (`titles`), and where the
files that ship inside the package are (`resources`).
"""
