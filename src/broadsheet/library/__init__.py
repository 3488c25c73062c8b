"""The library layer: articles on disk, their index, queries and reading state.

It imports neither Textual nor Rich, so it can be tested, benchmarked and scripted
without a terminal. Start with :class:`broadsheet.library.library.Library`.
"""
