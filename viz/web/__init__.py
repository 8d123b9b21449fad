"""The web app's pages: templates, the message catalogues, links between pages, and the
renderer that gives every page its CSP. Routes live in ``api/routers/web``; the answers come from
``queries/`` as the JSON routes' do."""
