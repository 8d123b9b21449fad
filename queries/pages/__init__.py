"""What each page of the web app shows, put together from the other queries: plain data the
templates in ``viz/web`` write out. Reads only; personal fields never leave through here but by
``graph.privacy.gate``."""
