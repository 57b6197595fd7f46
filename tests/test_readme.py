"""The Python examples of the README and docs run, and its commented results are what the code returns."""

import ast
import os
import re

from .conftest import ROOT


import pytest


@pytest.mark.parametrize("doc, min_checked", [("README.md", 5), ("docs/annotation.md", 5), ("docs/spacy.md", 12),
                                             ("docs/panel.md", 3)])
def test_python_example(doc, min_checked):
    readme = (ROOT / doc).read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    ns: dict = {}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        checked = 0
        for line in block.splitlines():
            code, _, comment = line.partition("  # ")
            exec(code, ns)
            try:
                expected = ast.literal_eval(comment.strip())
            except (ValueError, SyntaxError):
                continue
            got = eval(code, ns)
            if isinstance(expected, str) and expected.endswith("…"):
                assert got.startswith(expected[:-1]), code
            else:
                assert got == expected, code
            checked += 1
        assert checked >= min_checked
    finally:
        os.chdir(cwd)
