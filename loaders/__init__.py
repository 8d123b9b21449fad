"""Files in: the demo network, workbooks, maps and JSON, normalised, validated, written through GraphStore."""
