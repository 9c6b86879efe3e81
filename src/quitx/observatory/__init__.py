"""The sector observatory: institutions from Wikidata, each batch run kept in a history database,
what changed between two runs (Markdown, JSON, HTML, Atom), Wikidata edits proposed from verified
evidence. The sector's lists on an institution's own accounts are ``quitx apply``'s sector steps
(`quitx.apply.sector_lists`).

Modules (each imports only what it needs; nothing here is loaded by ``import quitx``):

- `quitx.observatory.wikidata`: the SPARQL client (through quitx's HTTP engine) and the rows it
  reads; `quitx.observatory.presets`: the named queries;
- `quitx.observatory.compare`: where Wikidata and the live check agree or not;
- `quitx.observatory.history`: the SQLite history (`record_run`; reading it back: `history_read`);
- `quitx.observatory.changes`, `quitx.observatory.feeds`: what changed, and its renderings in the
  run's language (`quitx.observatory.change_text` says a change in words);
- `quitx.observatory.givingback`: QuickStatements from verified evidence, and their review;
- `quitx.observatory.sector`: the run (Wikidata → batch → history). The commands (``quitx changes``,
  ``quitx observatory``) are `quitx.cli.observatory`.
"""

from __future__ import annotations

__all__: list[str] = []
