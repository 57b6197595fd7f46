"""The label scheme (the project's contract), loaded from ``labels.json``.

``labels.json`` is a verbatim copy of the spec's machine-readable label sets; a
test checks it against the spec when the shared folder is present.
"""

from __future__ import annotations

import json
from importlib import resources

_LABELS = json.loads(resources.files(__name__).joinpath("labels.json").read_text(encoding="utf-8"))

VERSION: int = _LABELS["version"]
STYPES: tuple[str, ...] = tuple(_LABELS["stype"])
#: CAP major-topic label → CAP code
DOMAIN_CODES: dict[str, int] = dict(_LABELS["domain"])
DOMAINS: tuple[str, ...] = tuple(DOMAIN_CODES)
ENTITY_LABELS: tuple[str, ...] = tuple(_LABELS["entity"])
#: the entity labels that are names (scored together as "names"); METRIC is the other one
NAME_LABELS: tuple[str, ...] = tuple(lab for lab in ENTITY_LABELS if lab != "METRIC")
