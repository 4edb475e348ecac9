"""One module per ``vnie`` sub-command: argument definitions here, the work in the stage modules."""
