"""Reading the warehouse: `ogi sql` (`shell`), the agency listing of `ogi agencies` (`agencies`)
and the analysts' pandas API over the published snapshot (`frames`)."""
