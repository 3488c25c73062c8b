"""The widgets of the reader: the article list, the reader view, the category tree, bars."""
