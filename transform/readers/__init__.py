"""One reader per source form; each turns bytes into a `transform.layout.Document`."""
