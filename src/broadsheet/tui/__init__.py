"""The Textual application: the only user interface of broadsheet."""
