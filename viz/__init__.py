"""Views: pyvis pages and layouts, from query results to HTML."""
