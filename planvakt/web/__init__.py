"""The process dashboard: server-rendered pages for coordinators, service owners and
readers, plus health. A thin edge: a route parses the request, calls a service or builds a
view, and renders a template from ``templates/web/``; no rule lives here."""
