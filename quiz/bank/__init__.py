"""Exercise files and source documents: reading them safely, checking them against the format and their sources,
and loading a folder of them into a bank. Pure: nothing here imports Flask or the database."""
