"""What the Atom feed of the newest claims (the canned query ``newest_claims_atom``, rendered
by datasette-atom) needs from the plugin to be valid Atom with readable titles.

* ``:_site_root``, a magic parameter: the site's absolute address ("https://example.org/",
  with Datasette's ``base_url``), so that entry ids and links are absolute IRIs. It is the
  address the reader asked for, as Datasette makes absolute addresses (``absolute_url``:
  the request's host, ``https`` when the ``force_https_urls`` setting is on), so a
  deployment behind a proxy passes the public Host and turns that setting on.
* ``claim_summary(json_object(...))``, an SQL function: a claim in one line, as the claim
  pages summarise it ("Kremlin: 1,351 killed (Russian military), as of 2022-03-25").
"""

from __future__ import annotations

import json

from .claims import summary


def site_parameter(datasette, key: str, request) -> str:
    """The value of the magic parameter ``:_site_{key}``; a KeyError for any other key, so
    that Datasette reads it as an ordinary parameter."""
    if key != "root":
        raise KeyError(key)
    return datasette.absolute_url(request, datasette.urls.path("/"))


def claim_summary(claim_json: str | None) -> str | None:
    """``summary`` of a claim given as a JSON object of the columns it reads (SQL has no
    named arguments: ``json_object`` names them)."""
    if claim_json is None:
        return None
    return summary(json.loads(claim_json))
