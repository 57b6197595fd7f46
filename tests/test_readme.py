"""The README's Python example runs, and its commented results are what the code returns."""

import ast
import os
import re

from .conftest import ROOT


def test_readme_python_example():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
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
        assert checked >= 5
    finally:
        os.chdir(cwd)
