"""The screens of the reader: the main three-pane screen and its modal pickers."""
